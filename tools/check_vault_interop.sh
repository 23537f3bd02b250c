#!/usr/bin/env bash
# Interoperability check: files made by the Swift implementation are read by the independent
# Python reader (tools/vault_reader.py, PyNaCl, written from docs/vault-format.md), and both
# refuse the same damaged vaults.
#
#   tools/check_vault_interop.sh            (SCRATCH=.build-vault by default)
#
# Two sources of vaults, each used when it builds and runs:
#   A. `veil keygen` + `veil redact --term` (the real pipeline), compared with `veil reveal`;
#   B. `veil-bench vault sample DIR` (a key file and a vault with Korean, emoji, CRLF, empty and
#      long records, two recipients), compared with the originals it lists.
# Also: a vault signed with `veil redact --sign` is accepted by both with the right signer and
# refused by both (exit 4) with another signer.
# Needs PyNaCl: python3 -m pip install pynacl (Debian: apt-get install python3-nacl)
set -uo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build-vault}"

python3 -c "import nacl.bindings" 2>/dev/null || { echo "PyNaCl is missing: python3 -m pip install pynacl" >&2; exit 2; }

build() {
    local log
    if ! log="$(swift build --scratch-path "$SCRATCH" --product "$1" 2>&1)"; then
        echo "$log" | grep -E "error:" | head -5 >&2
        return 1
    fi
}
build veil || { echo "FAIL: cannot build veil" >&2; exit 2; }
HAVE_BENCH=1
build veil-bench || { HAVE_BENCH=0; echo "note veil-bench does not build now; part B skipped"; }
BIN="$(swift build --scratch-path "$SCRATCH" --show-bin-path)"
VEIL="$BIN/veil"
READER="python3 tools/vault_reader.py"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export PW="interop passphrase $$"
export VEIL_SAMPLE_PASSPHRASE="$PW"
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok   $*"; }
parts=0

# Both implementations refuse a wrong passphrase (exit 3) and damaged or truncated copies of
# VAULT (veil exits 4 on truncation, and writes nothing).
refuse_damage() {
    local vault="$1" key="$2" size off len r1 r2 checked=0
    WRONG="wrong" $READER --key "$key" --passphrase-env WRONG "$vault" >/dev/null 2>&1; [ $? -eq 3 ] || fail "reader accepted a wrong passphrase"
    WRONG="wrong" "$VEIL" reveal "$vault" --identity "$key" --passphrase-env WRONG >/dev/null 2>&1; [ $? -eq 3 ] || fail "veil accepted a wrong passphrase"
    size=$(wc -c < "$vault")
    for off in 7 12 40 140 200 300 $((size / 2)) $((size - 40)) $((size - 1)); do
        cp "$vault" "$WORK/bad.vault"
        printf "$(printf '\\x%02x' $(( $(od -An -tu1 -j "$off" -N1 "$vault") ^ 1 )))" \
            | dd of="$WORK/bad.vault" bs=1 seek="$off" conv=notrunc 2>/dev/null
        $READER --key "$key" --passphrase-env PW "$WORK/bad.vault" >/dev/null 2>&1; r1=$?
        "$VEIL" reveal "$WORK/bad.vault" --identity "$key" --passphrase-env PW -o "$WORK/out" >/dev/null 2>&1; r2=$?
        [ $r1 -ne 0 ] && [ $r2 -ne 0 ] || fail "flipped byte at $off accepted (reader $r1, veil $r2)"
        [ ! -e "$WORK/out" ] || fail "veil reveal wrote output for a damaged vault"
        checked=$((checked + 1))
    done
    for len in 8 100 $((size / 2)) $((size - 1)); do
        head -c "$len" "$vault" > "$WORK/cut.vault"
        $READER --key "$key" --passphrase-env PW "$WORK/cut.vault" >/dev/null 2>&1; r1=$?
        "$VEIL" reveal "$WORK/cut.vault" --identity "$key" --passphrase-env PW >/dev/null 2>&1; r2=$?
        [ $r1 -ne 0 ] && [ $r2 -eq 4 ] || fail "truncation at $len accepted (reader $r1, veil $r2)"
        checked=$((checked + 1))
    done
    pass "both refuse a wrong passphrase and $checked damaged or truncated copies of $(basename "$vault")"
}

# ---- A. The real pipeline: veil keygen + veil redact --term ------------------------------------
if "$VEIL" redact --help 2>/dev/null | grep -q -- "--to"; then
    "$VEIL" keygen --output "$WORK/a.key" --passphrase-env PW --level interactive > "$WORK/a.line" 2>/dev/null || fail "veil keygen failed"
    "$VEIL" keygen --output "$WORK/b.key" --passphrase-env PW --level interactive > /dev/null 2>&1 || fail "veil keygen failed"
    [ "$($READER --key "$WORK/a.key" --passphrase-env PW --show-pub)" = "$(cat "$WORK/a.line")" ] \
        || fail "public key derived by the reader differs from the one veil keygen printed"
    printf 'Kang Mi-jin met a trader in Hyesan.\r\n혜산의 소식통 강미진 🙂 said KANG MIJIN paid.\r\nno final newline' > "$WORK/draft.txt"
    if "$VEIL" redact "$WORK/draft.txt" --to "$(cat "$WORK/a.line")" --to "$WORK/b.key.pub" \
            --term "Kang Mi-jin" --term Hyesan --term 강미진 \
            --output "$WORK/draft.redacted.txt" --vault "$WORK/draft.vault" >/dev/null 2>"$WORK/redact.err"; then
        for k in a b; do
            $READER --key "$WORK/$k.key" --passphrase-env PW "$WORK/draft.vault" --draft > "$WORK/py.draft" || fail "reader cannot open the vault as $k"
            cmp -s "$WORK/py.draft" "$WORK/draft.txt" || fail "reader's @draft differs from the draft given to veil redact"
        done
        pass "vault from veil redact (2 recipients) opened by the reader with each key; @draft byte-exact"
        $READER --key "$WORK/a.key" --passphrase-env PW "$WORK/draft.vault" > "$WORK/py.tsv"
        "$VEIL" reveal "$WORK/draft.vault" --identity "$WORK/a.key" --passphrase-env PW --list > "$WORK/swift.list" || fail "veil reveal --list failed"
        python3 - "$WORK" <<'EOF' || fail "records listed by veil reveal differ from those read by Python"
import sys, hashlib
d = sys.argv[1]
py = {}
published = None
for line in open(d + "/py.tsv"):
    rid, hx = line.rstrip("\n").split("\t")
    if rid == "published":
        published = hx
    elif not rid.startswith("@"):
        py[rid] = bytes.fromhex(hx)
sw = {}
for line in open(d + "/swift.list", "rb"):
    rid, _, rest = line.rstrip(b"\n").partition(b"\t")
    out, i = bytearray(), 0
    while i < len(rest):
        if rest[i] == 0x5C and rest[i + 1] == ord("x"):
            out.append(int(rest[i + 2:i + 4], 16)); i += 4
        elif rest[i] == 0x5C and rest[i + 1] == ord("u"):
            end = rest.index(b"}", i)
            out += chr(int(rest[i + 3:end], 16)).encode(); i = end + 1
        elif rest[i] == 0x5C:
            out += {ord("\\"): b"\\", ord("t"): b"\t", ord("r"): b"\r", ord("n"): b"\n"}[rest[i + 1]]
            i += 2
        else:
            out.append(rest[i]); i += 1
    sw[rid.decode()] = bytes(out)
import nacl.hash, nacl.encoding
got = nacl.hash.blake2b(open(d + "/draft.redacted.txt", "rb").read(), digest_size=32, encoder=nacl.encoding.HexEncoder).decode()
ok = py == sw and len(py) > 0 and published == got
sys.exit(0 if ok else 1)
EOF
        pass "$(wc -l < "$WORK/swift.list") placeholder records identical in veil reveal --list and the reader; published-text hash matches the redacted file"
        "$VEIL" reveal "$WORK/draft.vault" --identity "$WORK/b.key" --passphrase-env PW --published "$WORK/draft.redacted.txt" >/dev/null \
            || fail "veil reveal --published refused the redacted file written with the vault"
        pass "veil reveal --published accepts the redacted file sealed with the vault"
        refuse_damage "$WORK/draft.vault" "$WORK/a.key"
        # Signatures (vault version 2).
        "$VEIL" keygen --signing --output "$WORK/r.sign" --passphrase-env PW --level interactive >/dev/null 2>&1 || fail "keygen --signing failed"
        "$VEIL" keygen --signing --output "$WORK/o.sign" --passphrase-env PW --level interactive >/dev/null 2>&1 || fail "keygen --signing failed"
        "$VEIL" redact "$WORK/draft.txt" --to "$WORK/a.key.pub" --term Hyesan --sign "$WORK/r.sign" --passphrase-env PW \
            --output "$WORK/signed.txt" --vault "$WORK/signed.vault" >/dev/null 2>&1 || fail "redact --sign failed"
        $READER --key "$WORK/a.key" --passphrase-env PW --signer "$WORK/r.sign.pub" "$WORK/signed.vault" >/dev/null || fail "reader refused the right signer"
        "$VEIL" reveal "$WORK/signed.vault" --identity "$WORK/a.key" --passphrase-env PW --signer "$WORK/r.sign.pub" >/dev/null 2>&1 || fail "veil refused the right signer"
        $READER --key "$WORK/a.key" --passphrase-env PW --signer "$WORK/o.sign.pub" "$WORK/signed.vault" >/dev/null 2>&1; r1=$?
        "$VEIL" reveal "$WORK/signed.vault" --identity "$WORK/a.key" --passphrase-env PW --signer "$WORK/o.sign.pub" >/dev/null 2>&1; r2=$?
        [ $r1 -eq 4 ] && [ $r2 -eq 4 ] || fail "another signer accepted (reader $r1, veil $r2)"
        $READER --key "$WORK/a.key" --passphrase-env PW --signer "$WORK/r.sign.pub" "$WORK/draft.vault" >/dev/null 2>&1; r1=$?
        [ $r1 -eq 4 ] || fail "reader accepted an unsigned vault with --signer ($r1)"
        pass "signed vault: right signer accepted, another signer and an unsigned vault refused (exit 4) by both"
        parts=$((parts + 1))
    else
        echo "note veil redact failed in this build: $(head -1 "$WORK/redact.err"); part A skipped"
    fi
else
    echo "note veil redact is not built yet; part A skipped"
fi

# ---- B. A sample written by the vault library itself -------------------------------------------
if [ "$HAVE_BENCH" = 1 ]; then
    mkdir "$WORK/s"
    "$BIN/veil-bench" vault sample "$WORK/s" >/dev/null || fail "veil-bench vault sample failed"
    [ "$($READER --key "$WORK/s/editor.key" --passphrase-env PW --show-pub)" = "$(cat "$WORK/s/editor.key.pub")" ] \
        || fail "public key derived by the reader differs from editor.key.pub"
    [ "$($READER --pubkey "$WORK/s/other.pub")" = "$(cat "$WORK/s/other.pub")" ] || fail "reader re-encodes other.pub differently"
    $READER --key "$WORK/s/editor.key" --passphrase-env PW "$WORK/s/sample.vault" > "$WORK/s/py.tsv" || fail "reader cannot open the sample"
    diff -q "$WORK/s/py.tsv" "$WORK/s/expected.tsv" >/dev/null || fail "records read by Python differ from those sealed by Swift"
    "$VEIL" reveal "$WORK/s/sample.vault" --identity "$WORK/s/editor.key" --passphrase-env PW > "$WORK/s/swift.draft" || fail "veil reveal failed"
    $READER --key "$WORK/s/editor.key" --passphrase-env PW "$WORK/s/sample.vault" --draft > "$WORK/s/py.draft"
    cmp -s "$WORK/s/swift.draft" "$WORK/s/py.draft" || fail "veil reveal and the reader restore different drafts"
    pass "sample: $(($(wc -l < "$WORK/s/expected.tsv") - 1)) records, published hash and the $(wc -c < "$WORK/s/py.draft")-byte draft identical"
    refuse_damage "$WORK/s/sample.vault" "$WORK/s/editor.key"
    parts=$((parts + 1))
fi

[ "$parts" -gt 0 ] || { echo "FAIL: neither part could run" >&2; exit 2; }
echo "interop: all checks passed ($parts of 2 parts)"
