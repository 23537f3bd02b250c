#!/usr/bin/env bash
# Checks scripts/install.sh: installs the veil built in BUILD_DIR (default .build/debug) into a
# temporary prefix, runs it from another directory through PREFIX/bin/veil, and checks with
# strace that it reads its lexicons from PREFIX/lib/veil/ (not from the build folder, which
# SwiftPM's resource lookup would fall back to). Called by scripts/test.sh; fast (no build).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
build_dir="${1:-.build/debug}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check_install: FAILED: $*" >&2; exit 1; }

bash scripts/install.sh --build-dir "$build_dir" "$tmp/prefix" >/dev/null
[ -L "$tmp/prefix/bin/veil" ] || fail "no link PREFIX/bin/veil"
[ -x "$tmp/prefix/lib/veil/veil" ] || fail "no PREFIX/lib/veil/veil"
[ -d "$tmp/prefix/lib/veil/Veil_VeilDetect.resources/Lexicons" ] || fail "no lexicons in PREFIX/lib/veil"
[ ! -e "$tmp/prefix/lib/veil/Veil_VeilReportTests.resources" ] || fail "test bundles installed"

mkdir "$tmp/elsewhere"
printf 'A source in Hyesan said Kang Mi Jin was arrested.\n' >"$tmp/elsewhere/draft.txt"
cd "$tmp/elsewhere"
# From another directory, through the PATH, recording which lexicons it opens.
PATH="$tmp/prefix/bin:$PATH" strace -f -qq -e trace=openat -o "$tmp/trace" veil audit draft.txt --format json --fail-on never \
  >"$tmp/report.json" 2>/dev/null || fail "installed veil did not run"
grep -q '"category":"person"' "$tmp/report.json" || fail "installed veil found no person (lexicons not loaded?)"
grep -q "$tmp/prefix/lib/veil/Veil_VeilDetect.resources/Lexicons/" "$tmp/trace" || fail "lexicons not read from PREFIX/lib/veil"
if grep -q "$root/.build" "$tmp/trace"; then fail "installed veil read from the build folder"; fi
# Control: the binary copied alone falls back to the build folder (so the check above can fail).
mkdir "$tmp/alone" && cp "$tmp/prefix/lib/veil/veil" "$tmp/alone/veil"
strace -f -qq -e trace=openat -o "$tmp/trace2" "$tmp/alone/veil" audit draft.txt --format json --fail-on never >/dev/null 2>&1 || true
if grep -q "$tmp/alone/Veil_VeilDetect.resources/Lexicons/" "$tmp/trace2"; then fail "control: a lone binary found bundles beside it"; fi
# Reinstalling over an earlier install replaces it.
bash "$root/scripts/install.sh" --build-dir "$root/$build_dir" "$tmp/prefix" >/dev/null || fail "reinstall failed"
echo "check_install: installed veil runs from another directory with its own lexicons (1 passed, 0 failed)"
