#!/usr/bin/env bash
# usage: scripts/apt-install.sh WHO PACKAGE...
# Installs the named Debian packages with apt-get (through sudo when not root), waiting for the
# dpkg lock. WHO names the calling script in messages. setup.sh and setup-review-browser.sh call
# it with only the packages they found missing.
set -euo pipefail
who="$1"; shift
[ "$#" -gt 0 ] || exit 0
echo "$who: installing $*" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "$who: need root (or sudo) to run apt-get install $*" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq "$@" >/dev/null
