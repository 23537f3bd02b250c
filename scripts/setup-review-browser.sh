#!/usr/bin/env bash
# Installs what the browser test of `veil review` needs, only when missing: Debian's chromium
# (apt-get) and Playwright for Python (pip). Playwright drives the system chromium
# (launch(executable_path=/usr/bin/chromium)); no browser is downloaded.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then bash "$(dirname "$0")/apt-install.sh" setup-review-browser "${missing[@]}"; fi
if ! python3 -c 'import playwright.sync_api' >/dev/null 2>&1; then
  echo "setup-review-browser: installing playwright (Python)" >&2
  python3 -m pip install -q playwright
fi
command -v chromium >/dev/null 2>&1 || { echo "setup-review-browser: chromium still missing" >&2; exit 2; }
python3 -c 'import playwright.sync_api' || { echo "setup-review-browser: playwright still missing" >&2; exit 2; }
