#!/usr/bin/env bash
# The main job on the seed article, on a fresh machine: set up, build, make a throwaway editor
# key (a real reporter only ever holds the editor's .pub file), audit the draft, redact it and
# seal the originals, then show that the editor's key restores the draft byte for byte.
# Everything it writes goes to out/demo/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product veil >/dev/null
veil=.build/release/veil
draft=seeds/dailynk-international-calls.txt
out=out/demo
mkdir -p "$out"
# Demo only: a passphrase in an environment variable named on the command line. Real editors
# type theirs at the no-echo prompt or pass --passphrase-fd.
export VEIL_DEMO_PASSPHRASE="${VEIL_DEMO_PASSPHRASE:-demo passphrase - never use for real sources}"
if [ ! -f "$out/editor.key" ]; then
  "$veil" keygen --output "$out/editor.key" --passphrase-env VEIL_DEMO_PASSPHRASE --level interactive
fi
echo "== audit (what an editor reads; exit 1 = the draft is not ready to publish)"
"$veil" audit "$draft" --format text || true
echo
echo "== redact with policies/standard.yaml"
"$veil" redact "$draft" --to "$out/editor.key.pub" --output "$out/article.redacted.txt" --vault "$out/article.vault" --force
echo
cat "$out/article.redacted.txt"
echo
echo "== the editor reveals the originals with the secret key"
"$veil" reveal "$out/article.vault" --identity "$out/editor.key" --passphrase-env VEIL_DEMO_PASSPHRASE --output "$out/article.revealed.txt" --force
cmp "$draft" "$out/article.revealed.txt" && echo "reveal restored the draft byte for byte: $out/article.revealed.txt"
