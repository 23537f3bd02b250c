#!/usr/bin/env bash
# Packs veil for Spark's --archives: make_archive.sh [VEIL] [OUT.tar.gz]
#   VEIL  the veil binary (default: veil on PATH); its Veil_VeilDetect.resources bundle must sit
#         beside it (veil looks for the bundle next to its executable)
#   OUT   the archive to write (default: veil.tar.gz)
# The archive holds veil, Veil_VeilDetect.resources/ and lib/: the shared libraries veil links
# to (Swift runtime, Foundation, libsodium, cmark-gfm) except the C library itself, so nodes
# need no Swift toolchain. The Spark job puts lib/ on LD_LIBRARY_PATH. Ship it with
#   spark-submit --archives veil.tar.gz#veil ...
set -euo pipefail
veil="${1:-$(command -v veil || true)}"
out="${2:-veil.tar.gz}"
[ -n "$veil" ] && [ -x "$veil" ] || { echo "make_archive: no veil binary (give its path)" >&2; exit 2; }
veil="$(readlink -f "$veil")"
home="$(dirname "$veil")"
[ -d "$home/Veil_VeilDetect.resources/Lexicons" ] || {
  echo "make_archive: $home/Veil_VeilDetect.resources is missing (it must sit beside the binary)" >&2; exit 2; }
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/lib"
cp "$veil" "$stage/veil"
cp -R "$home/Veil_VeilDetect.resources" "$stage/"
# Every resolved library except glibc's own (libc, libm, libdl, libpthread, librt, the loader),
# which must match the node's kernel and loader.
ldd "$veil" | awk '/=> \// { print $3 }' | while read -r lib; do
  case "$(basename "$lib")" in
    libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|ld-linux*) ;;
    *) cp -L "$lib" "$stage/lib/" ;;
  esac
done
tar -czf "$out" -C "$stage" veil Veil_VeilDetect.resources lib
echo "make_archive: wrote $out ($(du -h "$out" | cut -f1)): veil, Veil_VeilDetect.resources, $(ls "$stage/lib" | wc -l) libraries"
