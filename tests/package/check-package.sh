#!/usr/bin/env bash
# Runs CPack in a scratch copy of the build's install step and checks both packages' contents.
set -euo pipefail
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$build"
cpack -B "$out" >/dev/null
deb=$(ls "$out"/*.deb)
tgz=$(ls "$out"/*.tar.gz)
contents=$(dpkg-deb -c "$deb")
info=$(dpkg-deb -I "$deb")
listing=$(tar tzf "$tgz")
grep -q './usr/bin/bootbench$' <<<"$contents" || { echo "bootbench missing from $deb"; exit 1; }
grep -q 'bootbench.desktop' <<<"$contents" || { echo "desktop entry missing from $deb"; exit 1; }
grep -q 'Depends:.*ipxe' <<<"$info" || { echo "Depends lacks ipxe"; exit 1; }
dpkg-deb -e "$deb" "$out/control"
grep -q setcap "$out/control/postinst" || { echo "postinst lacks setcap"; exit 1; }
grep -q 'bin/bootbench$' <<<"$listing" || { echo "bootbench missing from $tgz"; exit 1; }
echo "ok: $(basename "$deb") $(basename "$tgz")"
