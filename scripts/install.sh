#!/usr/bin/env bash
# Installs veil so that it runs from anywhere:
#   PREFIX/lib/veil/veil                          the executable
#   PREFIX/lib/veil/Veil_VeilDetect.resources/    its lexicons (and every other *.resources bundle)
#   PREFIX/bin/veil -> ../lib/veil/veil           a symbolic link on the PATH
# The executable finds its bundles beside its real path (SwiftPM's Bundle.module looks next to
# the resolved executable), so the link in bin/ is enough.
#
# Usage: scripts/install.sh [--build-dir DIR] [PREFIX]      (PREFIX defaults to /usr/local)
#   --build-dir DIR   install the veil already built in DIR (e.g. .build/release) instead of
#                     building a release (what scripts/demo.sh and the install check do).
# Exit 0 when installed; 2 on a usage error; 1 when the build or the copy fails.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=""
prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) [ $# -ge 2 ] || { echo "install.sh: --build-dir needs a directory" >&2; exit 2; }; build_dir="$2"; shift 2 ;;
    --build-dir=*) build_dir="${1#--build-dir=}"; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$prefix" ] || { echo "install.sh: give one PREFIX" >&2; exit 2; }; prefix="$1"; shift ;;
  esac
done
prefix="${prefix:-/usr/local}"

if [ -z "$build_dir" ]; then
  swift build -c release --product veil >&2
  build_dir="$(swift build -c release --show-bin-path)"
fi
[ -x "$build_dir/veil" ] || { echo "install.sh: no veil executable in $build_dir (build it first, or leave out --build-dir)" >&2; exit 1; }
shopt -s nullglob
bundles=("$build_dir"/*.resources)
[ -d "$build_dir/Veil_VeilDetect.resources" ] || { echo "install.sh: $build_dir/Veil_VeilDetect.resources is missing" >&2; exit 1; }

mkdir -p "$prefix/bin" "$prefix/lib/veil"
prefix="$(cd "$prefix" && pwd)"
lib="$prefix/lib/veil"
# Replace an earlier install whole: a stale lexicon must not survive an upgrade. Test bundles
# (*Tests.resources) are not installed.
for b in "${bundles[@]}"; do
  name="$(basename "$b")"
  case "$name" in *Tests.resources) continue ;; esac
  rm -rf "$lib/$name.new"
  cp -R "$b" "$lib/$name.new"
  rm -rf "$lib/$name"
  mv "$lib/$name.new" "$lib/$name"
done
install -m 0755 "$build_dir/veil" "$lib/veil.new"
mv -f "$lib/veil.new" "$lib/veil"
ln -sfn ../lib/veil/veil "$prefix/bin/veil"
echo "installed $prefix/bin/veil -> $lib/veil ($("$prefix/bin/veil" --version))"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "$prefix/bin is not on your PATH; add it with: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
