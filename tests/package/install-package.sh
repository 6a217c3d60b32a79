#!/usr/bin/env bash
# Installs the built .deb into a clean Debian 12 root (debootstrap, base cached in
# /var/cache/bootbench-test) with `apt install ./bootbench_*.deb`, which pulls its dependencies from
# the mirror, then checks there: `bootbench --version`, the file capabilities (getcap), and
# `bootbench serve` — with --services none as root, and as a user who is not root binding the
# ports 67, 69 and 4011 (proxyDHCP and TFTP on lo, in a network namespace of its own).
# Usage: install-package.sh BUILD_DIR. Needs root (exit 77: skipped) and debootstrap.
set -euo pipefail
build=$1
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP   : needs root: debootstrap, chroot and mounts (CI runs as root)"
    exit 77
fi
command -v debootstrap >/dev/null || { echo "debootstrap not found: apt-get install debootstrap"; exit 1; }
command -v unshare >/dev/null || { echo "unshare not found: apt-get install util-linux"; exit 1; }
# shellcheck source=../../tools/debian-chroot.sh
. "$here/../../tools/debian-chroot.sh"

work=$(mktemp -d /var/tmp/bootbench-package.XXXXXX)
root=$work/root
cleanup() {
    umount_debian_root "$root"
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
deb=$(ls "$work"/out/bootbench_*.deb)
echo "== $(basename "$deb")"

make_debian_root "$root"
mount_debian_root "$root"
# Downloaded packages are kept for the next run.
mkdir -p "$chroot_cache/archives/partial"
# The first run starts from what this machine's own install step downloaded (apt checks each
# package's hash against the index and fetches only what is missing or different).
for cached in /var/cache/apt/archives/*.deb; do
    [ -e "$cached" ] || break
    [ -e "$chroot_cache/archives/${cached##*/}" ] ||
        ln "$cached" "$chroot_cache/archives/" 2>/dev/null || cp "$cached" "$chroot_cache/archives/"
done
mount --bind "$chroot_cache/archives" "$root/var/cache/apt/archives"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== apt install ./$(basename "$deb") in a clean bookworm root"
# INITRD=No: the kernel package (imaging environment) needs no initramfs here.
if ! in_root env DEBIAN_FRONTEND=noninteractive INITRD=No sh -c \
    "apt-get update -qq && apt-get install -y -qq --no-install-recommends /tmp/$(basename "$deb")" \
    >"$work/apt.log" 2>&1; then
    tail -n 40 "$work/apt.log"
    echo "FAIL: apt install of the package failed"
    exit 1
fi
grep -i -e 'bootbench:' "$work/apt.log" || true

fail=0
check() { # check DESCRIPTION COMMAND...: runs it, prints ok/FAIL
    local what=$1
    shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

version=$(in_root bootbench --version 2>&1) || true
check "bootbench --version says '$version'" grep -qx "bootbench $(dpkg-deb -f "$deb" Version)" <<<"$version"

caps=$(in_root getcap /usr/bin/bootbench 2>&1) || true
check "getcap: $caps" grep -q 'cap_net_bind_service,cap_net_raw=ep' <<<"$caps"

# serve_until PATTERN USER ARGS...: starts `bootbench serve ARGS` in a network namespace of its
# own, waits (at most 60 s) for PATTERN in its output, then stops it with SIGTERM; 0 when the
# pattern showed and the service host stopped cleanly.
serve_until() {
    local pattern=$1 user=$2 out pid status
    out=$work/serve-$user.log
    shift 2
    : >"$out"
    unshare --net --fork chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 sh -c '
        user=$1; shift
        ip link set lo up
        cd /tmp && exec setpriv --reuid="$user" --regid="$user" --init-groups --inh-caps=-all \
            bootbench serve --data-dir "/tmp/data-$user" "$@"' serve "$user" "$@" >"$out" 2>&1 &
    pid=$!
    for _ in $(seq 600); do
        grep -qE "$pattern" "$out" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if ! grep -qE "$pattern" "$out"; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" || true
        sed 's/^/    /' "$out"
        return 1
    fi
    # unshare forwards no signal: stop bootbench, its child, itself.
    pkill -TERM -P "$pid" || true
    status=0
    wait "$pid" || status=$?
    grep -q 'stopped' "$out" || { sed 's/^/    /' "$out"; return 1; }
    return "$status"
}
in_root useradd --create-home bench
check "bootbench serve --services none (root)" serve_until 'Services: none' root --services none
check "bootbench serve as user bench binds 67, 69, 4011 (proxyDHCP, TFTP on lo)" \
    serve_until 'service tftp: running' bench --services proxydhcp,tftp --interface lo --address 127.0.0.1
grep -E 'service (proxydhcp|tftp): ' "$work/serve-bench.log" | sed 's/^/    /' || true
if grep -q 'service proxydhcp: failed\|service tftp: failed' "$work/serve-bench.log"; then
    echo "FAIL: a service failed to start as user bench"
    fail=1
fi
check "bootbench.service is installed, not enabled" test -f "$root/usr/lib/systemd/system/bootbench.service" -a \
    ! -e "$root/etc/systemd/system/multi-user.target.wants/bootbench.service"
check "/etc/bootbench/bootbench.conf is a conffile" grep -qx '/etc/bootbench/bootbench.conf' \
    "$root/var/lib/dpkg/info/bootbench.conffiles"
exit "$fail"
