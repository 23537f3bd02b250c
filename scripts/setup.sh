#!/usr/bin/env bash
# Makes sure this machine can build Veil: the Swift toolchain must be present; the development
# files of libsodium (Debian: libsodium-dev) and cmark-gfm (libcmark-gfm-dev,
# libcmark-gfm-extensions-dev), and pkg-config, are installed with apt-get when pkg-config cannot
# find them. Safe to run again: it installs only what is missing, and nothing when all is there.
set -euo pipefail
if ! command -v swift >/dev/null 2>&1; then
  echo "setup: the Swift toolchain (swift) is not on PATH; install it from swift.org first" >&2
  exit 2
fi
missing=()
if ! command -v pkg-config >/dev/null 2>&1; then missing+=(pkg-config); fi
has_pc() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1"; }
has_pc libsodium || missing+=(libsodium-dev)
has_pc libcmark-gfm || missing+=(libcmark-gfm-dev)
[ -e /usr/include/cmark-gfm-core-extensions.h ] || missing+=(libcmark-gfm-extensions-dev)
# strace is needed by tools/check_interruption.sh (run by scripts/test.sh).
command -v strace >/dev/null 2>&1 || missing+=(strace)
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" setup "${missing[@]}"
pkg-config --exists libsodium || { echo "setup: libsodium still not found after install" >&2; exit 2; }
pkg-config --exists libcmark-gfm || { echo "setup: libcmark-gfm still not found after install" >&2; exit 2; }
