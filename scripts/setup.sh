#!/usr/bin/env bash
# Makes sure this machine can build Veil: the Swift toolchain must be present; libsodium's
# development files (Debian: libsodium-dev) and pkg-config are installed with apt-get when
# pkg-config cannot find libsodium. Safe to run again: it does nothing when all is there.
set -euo pipefail
if ! command -v swift >/dev/null 2>&1; then
  echo "setup: the Swift toolchain (swift) is not on PATH; install it from swift.org first" >&2
  exit 2
fi
# strace is needed by tools/check_interruption.sh (run by scripts/test.sh).
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libsodium && command -v strace >/dev/null 2>&1; then
  exit 0
fi
echo "setup: installing what is missing of libsodium-dev, pkg-config and strace" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "setup: need root (or sudo) to run apt-get install libsodium-dev pkg-config strace" >&2
    exit 2
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq libsodium-dev pkg-config strace >/dev/null
pkg-config --exists libsodium || { echo "setup: libsodium still not found after install" >&2; exit 2; }
