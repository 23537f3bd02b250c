#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh) and runs every test of the package.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build --disable-swift-testing
# A signal at every write/fsync/link/rename step leaves no file holding an original.
bash tools/check_interruption.sh .build/debug/veil
# scripts/install.sh into a temporary prefix (reusing the debug build): the installed veil runs
# from another directory and reads its lexicons from PREFIX/lib/veil.
bash scripts/check_install.sh .build/debug
# veil review in a real browser (installs chromium and Playwright for Python when missing).
bash scripts/test-review.sh .build/debug/veil
# The mutation driver again under AddressSanitizer (a separate build folder; leak reports are
# off: the runtime's one-time allocations are not memory errors). Bounded: the default rounds.
swift build --build-tests --sanitize=address --scratch-path .build-asan
ASAN_OPTIONS=detect_leaks=0 swift test --skip-build --sanitize=address --scratch-path .build-asan \
  --disable-swift-testing --filter MutationFuzzTests
