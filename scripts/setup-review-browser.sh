#!/usr/bin/env bash
# Installs what the browser test of `veil review` needs, only when missing: Debian's chromium
# (apt-get) and Playwright for Python (pip). Playwright drives the system chromium
# (launch(executable_path=/usr/bin/chromium)); no browser is downloaded.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup-review-browser: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "setup-review-browser: need root (or sudo) to run apt-get install ${missing[*]}" >&2
      exit 2
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
  $sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" >/dev/null
fi
if ! python3 -c 'import playwright.sync_api' >/dev/null 2>&1; then
  echo "setup-review-browser: installing playwright (Python)" >&2
  python3 -m pip install -q playwright
fi
command -v chromium >/dev/null 2>&1 || { echo "setup-review-browser: chromium still missing" >&2; exit 2; }
python3 -c 'import playwright.sync_api' || { echo "setup-review-browser: playwright still missing" >&2; exit 2; }
