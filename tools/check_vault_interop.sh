#!/usr/bin/env bash
# Interoperability check: files made by the Swift implementation are read by the independent
# Python reader (tools/vault_reader.py, PyNaCl, written from docs/vault-format.md), and both
# refuse the same damaged vaults.
#
#   tools/check_vault_interop.sh            (SCRATCH=.build-vault by default)
#
# Needs PyNaCl: python3 -m pip install pynacl
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build-vault}"

python3 -c "import nacl.bindings" 2>/dev/null || { echo "PyNaCl is missing: python3 -m pip install pynacl" >&2; exit 2; }

for product in veil veil-bench; do
    if ! log="$(swift build --scratch-path "$SCRATCH" --product "$product" 2>&1)"; then
        echo "$log" | grep -E "error" >&2 || echo "$log" >&2
        echo "FAIL: cannot build $product" >&2
        exit 2
    fi
done
BIN="$(swift build --scratch-path "$SCRATCH" --show-bin-path)"
VEIL="$BIN/veil"
READER="python3 tools/vault_reader.py"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export VEIL_SAMPLE_PASSPHRASE="interop passphrase $$"
export PW="$VEIL_SAMPLE_PASSPHRASE"
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok   $*"; }

# 1. A key file and a two-recipient vault made by Swift (Korean, emoji, CRLF, empty and long records).
"$BIN/veil-bench" vault sample "$WORK" >/dev/null

# 2. The Python reader derives the same public key from the key file, and parses the .pub lines.
[ "$($READER --key "$WORK/editor.key" --passphrase-env PW --show-pub)" = "$(cat "$WORK/editor.key.pub")" ] \
    || fail "public key derived by the reader differs from editor.key.pub"
[ "$($READER --pubkey "$WORK/other.pub")" = "$(cat "$WORK/other.pub")" ] || fail "reader re-encodes other.pub differently"
pass "key file unlocked and public key re-derived by the reader"

# 3. Every record and the published-text hash match what Swift sealed.
$READER --key "$WORK/editor.key" --passphrase-env PW "$WORK/sample.vault" > "$WORK/py.tsv"
diff "$WORK/py.tsv" "$WORK/expected.tsv" >/dev/null || fail "records read by Python differ from those sealed by Swift"
python3 - "$WORK" <<'EOF' || fail "published-text hash differs"
import sys, nacl.hash, nacl.encoding
d = sys.argv[1]
want = [l.split("\t")[1].strip() for l in open(d + "/expected.tsv") if l.startswith("published\t")][0]
got = nacl.hash.blake2b(open(d + "/published.txt", "rb").read(), digest_size=32, encoder=nacl.encoding.HexEncoder).decode()
sys.exit(0 if got == want else 1)
EOF
pass "all $(($(wc -l < "$WORK/expected.tsv") - 1)) records and the published-text hash read identically"

# 4. veil reveal and the reader restore the same draft, byte for byte.
"$VEIL" reveal "$WORK/sample.vault" --identity "$WORK/editor.key" --passphrase-env PW > "$WORK/swift.draft"
$READER --key "$WORK/editor.key" --passphrase-env PW "$WORK/sample.vault" --draft > "$WORK/py.draft"
cmp -s "$WORK/swift.draft" "$WORK/py.draft" || fail "veil reveal and the reader restore different drafts"
pass "veil reveal and the reader restore the same $(wc -c < "$WORK/py.draft")-byte draft"

# 5. Both refuse a wrong passphrase (3) and damaged vaults (4).
set +e
WRONG="wrong" $READER --key "$WORK/editor.key" --passphrase-env WRONG "$WORK/sample.vault" >/dev/null 2>&1; [ $? -eq 3 ] || fail "reader accepted a wrong passphrase"
WRONG="wrong" "$VEIL" reveal "$WORK/sample.vault" --identity "$WORK/editor.key" --passphrase-env WRONG >/dev/null 2>&1; [ $? -eq 3 ] || fail "veil accepted a wrong passphrase"
SIZE=$(wc -c < "$WORK/sample.vault")
checked=0
for off in 7 12 40 140 200 300 $((SIZE / 2)) $((SIZE - 40)) $((SIZE - 1)); do
    cp "$WORK/sample.vault" "$WORK/bad.vault"
    printf "$(printf '\\x%02x' $(( ($(od -An -tu1 -j "$off" -N1 "$WORK/sample.vault") ^ 1) )))" \
        | dd of="$WORK/bad.vault" bs=1 seek="$off" conv=notrunc 2>/dev/null
    $READER --key "$WORK/editor.key" --passphrase-env PW "$WORK/bad.vault" >/dev/null 2>&1; r1=$?
    "$VEIL" reveal "$WORK/bad.vault" --identity "$WORK/editor.key" --passphrase-env PW -o "$WORK/out" >/dev/null 2>&1; r2=$?
    [ $r1 -ne 0 ] && [ $r2 -ne 0 ] || fail "flipped byte at $off accepted (reader $r1, veil $r2)"
    [ ! -e "$WORK/out" ] || fail "veil reveal wrote output for a damaged vault"
    checked=$((checked + 1))
done
for len in 8 100 $((SIZE / 2)) $((SIZE - 1)); do
    head -c "$len" "$WORK/sample.vault" > "$WORK/cut.vault"
    $READER --key "$WORK/editor.key" --passphrase-env PW "$WORK/cut.vault" >/dev/null 2>&1; r1=$?
    "$VEIL" reveal "$WORK/cut.vault" --identity "$WORK/editor.key" --passphrase-env PW >/dev/null 2>&1; r2=$?
    [ $r1 -ne 0 ] && [ $r2 -eq 4 ] || fail "truncation at $len accepted (reader $r1, veil $r2)"
    checked=$((checked + 1))
done
set -e
pass "both refuse a wrong passphrase and $checked damaged or truncated vaults"

# 6. When `veil redact` exists: a vault made through the real pipeline is read by Python too.
if "$VEIL" redact --help 2>/dev/null | grep -q -- "--to"; then
    printf 'Kang Mi-jin met a trader in Hyesan.\r\n혜산 소식통 🙂\r\nno final newline' > "$WORK/draft.txt"
    "$VEIL" keygen --output "$WORK/ed2.key" --passphrase-env PW --level interactive > "$WORK/ed2.line"
    if "$VEIL" redact "$WORK/draft.txt" --to "$(cat "$WORK/ed2.line")" --term "Kang Mi-jin" --term Hyesan \
            --output "$WORK/draft.redacted.txt" --vault "$WORK/draft.vault" >/dev/null 2>&1; then
        $READER --key "$WORK/ed2.key" --passphrase-env PW "$WORK/draft.vault" --draft > "$WORK/py2.draft"
        cmp -s "$WORK/py2.draft" "$WORK/draft.txt" || fail "reader's @draft differs from the draft given to veil redact"
        pass "vault made by veil redact read back by the reader, byte for byte"
    else
        echo "skip veil redact did not succeed in this build"
    fi
else
    echo "skip veil redact not built yet"
fi
echo "interop: all checks passed"
