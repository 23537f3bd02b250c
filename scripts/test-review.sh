#!/usr/bin/env bash
# The browser test of `veil review`: installs Debian's chromium and Playwright for Python when
# missing (scripts/setup-review-browser.sh; no browser download), then drives the page
# (tools/review_browser_test.py). Screenshots go to build/review-browser/ (not committed).
# Usage: scripts/test-review.sh [path/to/veil]   (default .build/debug/veil)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-review-browser.sh
veil="${1:-.build/debug/veil}"
[ -x "$veil" ] || { echo "test-review: $veil not built (swift build first)" >&2; exit 2; }
python3 tools/review_browser_test.py --veil "$veil" --shots build/review-browser
