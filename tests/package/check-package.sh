#!/usr/bin/env bash
# Runs CPack in a scratch directory and checks both packages' contents: the files of a Debian
# application, the .deb's Depends, the postinst, and the metadata (appstreamcli validate,
# desktop-file-validate, the man page made from --help). Usage: check-package.sh BUILD_DIR
set -euo pipefail
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for tool in appstreamcli:appstream desktop-file-validate:desktop-file-utils; do
    command -v "${tool%%:*}" >/dev/null || { echo "${tool%%:*} not found: apt-get install ${tool#*:}"; exit 1; }
done
cd "$build"
cpack -B "$out" >/dev/null
deb=$(ls "$out"/*.deb)
tgz=$(ls "$out"/*.tar.gz)
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
listing=$(tar tzf "$tgz")
fail=0
need() { grep -q -- "$1" <<<"$2" || { echo "FAIL: $3"; fail=1; }; }

for f in ./usr/bin/bootbench \
    ./usr/share/applications/bootbench.desktop \
    ./usr/share/icons/hicolor/scalable/apps/bootbench.svg \
    ./usr/share/icons/hicolor/16x16/apps/bootbench.png ./usr/share/icons/hicolor/48x48/apps/bootbench.png \
    ./usr/share/icons/hicolor/256x256/apps/bootbench.png \
    ./usr/share/metainfo/org.bootbench.Bootbench.metainfo.xml \
    ./usr/share/man/man1/bootbench.1.gz ./usr/share/man/ja/man1/bootbench.1.gz \
    ./usr/share/doc/bootbench/copyright ./usr/share/doc/bootbench/changelog.Debian.gz \
    ./usr/lib/systemd/system/bootbench.service ./etc/bootbench/bootbench.conf; do
    need "^${f//./\\.}$" "$contents" "$f missing from $(basename "$deb")"
done
need 'bin/bootbench$' "$listing" "bootbench missing from $(basename "$tgz")"

# Depends: what the application uses at run time beyond its shared libraries.
depends=$(dpkg-deb -f "$deb" Depends)
for p in libqt6sql6-sqlite libqt6sql6-psql qt6-translations-l10n ipxe pxelinux syslinux-common syslinux-efi \
    busybox-static linux-image-amd64 partclone zstd fdisk gdisk udpcast e2fsprogs ntfs-3g libcap2-bin libqt6core6; do
    need "\(^\|, \)$p\( \|,\|$\)" "$depends" "Depends lacks $p: $depends"
done

dpkg-deb -x "$deb" "$out/root"
dpkg-deb -e "$deb" "$out/control"
need 'setcap cap_net_bind_service,cap_net_raw+ep\|setcap "$caps"' "$(cat "$out/control/postinst")" "postinst lacks setcap"
need 'sudo setcap' "$(cat "$out/control/postinst")" "postinst does not say what to run when setcap fails"
need '/etc/bootbench/bootbench.conf' "$(cat "$out/control/conffiles")" "bootbench.conf is not a conffile"

# Metadata that the tools accept. --no-net: the screenshot URLs are not fetched.
appstreamcli validate --no-net "$out/root/usr/share/metainfo/org.bootbench.Bootbench.metainfo.xml" ||
    { echo "FAIL: appstreamcli validate"; fail=1; }
desktop-file-validate "$out/root/usr/share/applications/bootbench.desktop" ||
    { echo "FAIL: desktop-file-validate"; fail=1; }
need '^Icon=bootbench$' "$(cat "$out/root/usr/share/applications/bootbench.desktop")" "desktop entry lacks Icon=bootbench"
man=$(zcat "$out/root/usr/share/man/man1/bootbench.1.gz")
need '^\.TH BOOTBENCH "1"' "$man" "the man page has no .TH header"
need 'data\\-dir' "$man" "the man page does not document --data-dir"
need 'ストア' "$(zcat "$out/root/usr/share/man/ja/man1/bootbench.1.gz")" "the Japanese man page is not Japanese"
changelog=$(zcat "$out/root/usr/share/doc/bootbench/changelog.Debian.gz")
need "^bootbench ($(dpkg-deb -f "$deb" Version))" "$changelog" "changelog.Debian.gz does not start with this version"
need '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
    "$(cat "$out/root/usr/share/doc/bootbench/copyright")" "copyright is not machine-readable (DEP-5)"
unit=$(cat "$out/root/usr/lib/systemd/system/bootbench.service")
need '^ExecStart=/usr/bin/bootbench serve --config /etc/bootbench/bootbench.conf' "$unit" \
    "bootbench.service does not run bootbench serve with /etc/bootbench/bootbench.conf"
need '^AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_NET_RAW' "$unit" "bootbench.service lacks its capabilities"
[ "$fail" -eq 0 ] || exit 1
echo "ok: $(basename "$deb") $(basename "$tgz")"
