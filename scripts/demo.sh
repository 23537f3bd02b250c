#!/usr/bin/env bash
# The main job on the seed article, on a fresh machine: set up, build, install veil into
# out/demo/prefix (scripts/install.sh) and put it on this script's PATH, make a throwaway
# editor key (a real reporter only ever holds the editor's .pub file), audit the draft, redact
# it and seal the originals, then show that the editor's key restores the draft byte for byte.
# Everything it writes goes to out/demo/ (ignored by git). At the end it prints the one line
# that puts veil on your own PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product veil >/dev/null
out=out/demo
mkdir -p "$out"
bash scripts/install.sh --build-dir "$(swift build -c release --show-bin-path)" "$out/prefix" >/dev/null
prefix="$(cd "$out/prefix" && pwd)"
export PATH="$prefix/bin:$PATH"
draft=seeds/dailynk-international-calls.txt
# Demo only: a passphrase in an environment variable named on the command line. Real editors
# type theirs at the no-echo prompt or pass --passphrase-fd.
export VEIL_DEMO_PASSPHRASE="${VEIL_DEMO_PASSPHRASE:-demo passphrase - never use for real sources}"
echo "== 1. the editor makes a key pair (once; the secret key stays with the editor)"
if [ ! -f "$out/editor.key" ]; then
  pub="$(veil keygen --output "$out/editor.key" --passphrase-env VEIL_DEMO_PASSPHRASE --level interactive)"
else
  pub="$(grep -m1 '^veilpk1' "$out/editor.key.pub")"
fi
echo "The editor's public key (what a reporter is given, also in $out/editor.key.pub):"
echo "  $pub"
echo
echo "== 2. audit: what an editor reads before publishing"
echo "(The draft still holds names and places, so the gate fails: 'gate FAILED' and exit 1"
echo " below are the expected result for an unredacted draft.)"
status=0
veil audit "$draft" --format text || status=$?
echo "-> veil audit exited $status (1 = not ready to publish: expected here)"
echo
echo "== 3. redact with the standard policy, sealing the originals for the editor"
veil redact "$draft" --to "$out/editor.key.pub" --output "$out/article.redacted.txt" --vault "$out/article.vault" --force
echo
echo "== 4. the published text ($out/article.redacted.txt)"
cat "$out/article.redacted.txt"
echo
echo "== 5. the editor reveals the originals with the secret key"
veil reveal "$out/article.vault" --identity "$out/editor.key" --passphrase-env VEIL_DEMO_PASSPHRASE --output "$out/article.revealed.txt" --force
cmp "$draft" "$out/article.revealed.txt" && echo "reveal restored the draft byte for byte: $out/article.revealed.txt"
echo
echo "veil is installed in $prefix/bin. To run it from anywhere in this shell:"
echo "  export PATH=\"$prefix/bin:\$PATH\""
echo "(or install it for every user: sudo bash scripts/install.sh, which uses /usr/local)"
