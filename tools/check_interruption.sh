#!/usr/bin/env bash
# Interruption test (issue 12, item 4): a signal injected with strace at every write, fsync,
# link and rename step of `veil reveal --output`, `veil audit --output` and `veil redact` must
# leave no file holding an original: no `.veil-tmp-*`, no partial output, nothing with the
# marker original except a complete destination file. Runs both the unnamed-file (O_TMPFILE)
# path and the named-file fallback (VEIL_TEST_NAMED_TMPFILE=1).
# Usage: tools/check_interruption.sh [path/to/veil]   (default .build/debug/veil)
set -uo pipefail
cd "$(dirname "$0")/.."
VEIL=${1:-.build/debug/veil}
VEIL=$(cd "$(dirname "$VEIL")" && pwd)/$(basename "$VEIL")
if ! command -v strace >/dev/null; then
    echo "check_interruption: SKIPPED: strace is not installed (scripts/setup.sh installs it)" >&2
    exit 0
fi
# ptrace may be forbidden in some containers.
if ! strace -f -o /dev/null true 2>/dev/null; then
    echo "check_interruption: SKIPPED: strace cannot trace here (ptrace not permitted)" >&2
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export VEIL_PASS="interruption test passphrase"
marker="Zqxvormelind"
mkdir -p "$work/in" "$work/out"
printf 'A woman living in Kangan-dong, Hyesan, was arrested, said Kim %s, a source in Ryanggang Province.\n' "$marker" > "$work/in/draft.txt"
"$VEIL" keygen --output "$work/in/ed.key" --level interactive --passphrase-env VEIL_PASS >/dev/null 2>&1 || { echo "keygen failed"; exit 1; }
"$VEIL" redact "$work/in/draft.txt" --to "$work/in/ed.key.pub" --term "$marker" --output "$work/in/pub.txt" \
    --vault "$work/in/v.vault" 2>/dev/null || { echo "redact failed"; exit 1; }
failures=0
checks=0

# scan DIR TARGET REFERENCE: fail on any temp file, any file but TARGET holding the marker,
# or TARGET present but different from REFERENCE.
scan() {
    local dir=$1 target=$2 reference=$3 label=$4
    for f in "$dir"/.veil-tmp-* ; do
        [ -e "$f" ] || continue
        echo "FAIL $label: temporary file left: $(basename "$f")"; failures=$((failures + 1))
    done
    for f in "$dir"/* "$dir"/.[!.]*; do
        [ -f "$f" ] || continue
        if [ -n "$target" ] && [ "$f" = "$dir/$target" ]; then
            if [ -n "$reference" ] && ! cmp -s "$f" "$reference"; then
                echo "FAIL $label: $target is partial"; failures=$((failures + 1))
            fi
            continue
        fi
        if grep -q "$marker" "$f"; then
            echo "FAIL $label: $(basename "$f") holds an original"; failures=$((failures + 1))
        fi
    done
}

# run_case LABEL TARGET REFERENCE -- command...   (run in $work/out, emptied each time)
run_case() {
    local label=$1 target=$2 reference=$3; shift 4
    for mode in unnamed named; do
        for syscall in write fsync linkat link rename renameat renameat2; do
            local n=1
            while [ $n -le 40 ]; do
                rm -rf "$work/out"; mkdir -p "$work/out"
                local env=()
                [ $mode = named ] && env=(VEIL_TEST_NAMED_TMPFILE=1)
                ( cd "$work/out" && env "${env[@]}" strace -f -o /dev/null -e trace="$syscall" \
                    -e inject="$syscall":signal=INT:when=$n "$@" >/dev/null 2>&1 )
                local rc=$?
                checks=$((checks + 1))
                scan "$work/out" "$target" "$reference" "$label $mode $syscall#$n (exit $rc)"
                [ $rc -ne 130 ] && break     # fewer than n such calls: the run completed
                n=$((n + 1))
            done
        done
    done
}

"$VEIL" reveal "$work/in/v.vault" --identity "$work/in/ed.key" --passphrase-env VEIL_PASS --output "$work/draft.ref" 2>/dev/null
"$VEIL" audit "$work/in/draft.txt" --format html --output "$work/audit.ref" >/dev/null 2>&1
cmp -s "$work/draft.ref" "$work/in/draft.txt" || { echo "reveal reference differs"; exit 1; }
grep -q "$marker" "$work/audit.ref" || echo "note: the audit report does not quote the marker"

run_case "reveal --output" restored.txt "$work/draft.ref" -- "$VEIL" reveal "$work/in/v.vault" --identity "$work/in/ed.key" \
    --passphrase-env VEIL_PASS --output restored.txt
run_case "audit --output" report.html "$work/audit.ref" -- "$VEIL" audit "$work/in/draft.txt" --format html --output report.html
run_case "redact" "" "" -- "$VEIL" redact "$work/in/draft.txt" --to "$work/in/ed.key.pub" --term "$marker" \
    --output pub.txt --vault v.vault
if [ $failures -ne 0 ]; then
    echo "check_interruption: $failures failure(s) in $checks interrupted runs"
    exit 1
fi
echo "check_interruption: OK ($checks interrupted runs, nothing holding an original left)"
echo "interruption: $checks passed, 0 failed"
