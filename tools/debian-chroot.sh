# Helpers for a clean Debian 12 (bookworm) root made with debootstrap. Sourced by
# tools/fresh-machine-check.sh and tests/package/check-package.sh; needs root and the package
# debootstrap. The base system is cached as a tarball in $BOOTBENCH_CHROOT_CACHE
# (default /var/cache/bootbench-test) so a second run only unpacks it.

chroot_cache=${BOOTBENCH_CHROOT_CACHE:-/var/cache/bootbench-test}

apt_source_files() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] && echo "$f"
    done
    echo /dev/null
}

# The Debian mirror this machine's apt uses (first bookworm entry of /etc/apt/sources.list*).
debian_mirror() {
    local url
    url=$(awk '
        /^[[:space:]]*#/ { next }
        $1 == "deb" && $0 ~ / bookworm / { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }
        tolower($1) == "uris:" { uri = $2 }
        tolower($1) == "suites:" && uri != "" { for (i = 2; i <= NF; i++) if ($i == "bookworm") { print uri; exit } }
        /^[[:space:]]*$/ { uri = "" }
    ' $(apt_source_files) | head -n1)
    echo "${url:-http://deb.debian.org/debian}"
}

# The security mirror for bookworm-security, if this machine's apt has one.
debian_security_mirror() {
    awk '
        /^[[:space:]]*#/ { next }
        $1 == "deb" && $0 ~ / bookworm-security / { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }
        tolower($1) == "uris:" { uri = $2 }
        tolower($1) == "suites:" && uri != "" { for (i = 2; i <= NF; i++) if ($i == "bookworm-security") { print uri; exit } }
        /^[[:space:]]*$/ { uri = "" }
    ' $(apt_source_files) | head -n1
}

# make_debian_root DIR: a fresh bookworm system in DIR (from the cached tarball when there is one).
make_debian_root() {
    local root=$1 mirror security tarball
    command -v debootstrap >/dev/null || { echo "debootstrap not found: apt-get install debootstrap" >&2; return 1; }
    mirror=$(debian_mirror)
    security=$(debian_security_mirror)
    tarball=$chroot_cache/bookworm-base.tar
    mkdir -p "$root" "$chroot_cache"
    if [ ! -s "$tarball" ]; then
        echo "debian-chroot: debootstrap bookworm from $mirror (cached in $tarball afterwards)" >&2
        local fresh
        fresh=$(mktemp -d "$chroot_cache/base.XXXXXX")
        debootstrap --arch=amd64 bookworm "$fresh" "$mirror" >"$chroot_cache/debootstrap.log" 2>&1 || {
            echo "debootstrap failed, see $chroot_cache/debootstrap.log" >&2
            rm -rf "$fresh"
            return 1
        }
        rm -rf "$fresh"/var/cache/apt/archives/*.deb
        tar -C "$fresh" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
        rm -rf "$fresh"
    fi
    tar -C "$root" -xf "$tarball"
    chmod 755 "$root" # "/" for every user (the tarball's top is a mktemp directory, 0700)
    {
        echo "deb $mirror bookworm main"
        echo "deb $mirror bookworm-updates main"
        [ -z "$security" ] || echo "deb $security bookworm-security main"
    } >"$root/etc/apt/sources.list"
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    # Packages installed in the root must not start their daemons (tftpd-hpa would take the host's port 69).
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod 755 "$root/usr/sbin/policy-rc.d"
}

# mount_debian_root DIR: /proc, /sys, /dev (with pts, loop devices and kvm), a fresh /run and /tmp.
mount_debian_root() {
    local root=$1
    # "/" in the chroot must be a mount point: `ip netns` makes it a slave mount (--make-rslave /).
    mount --bind "$root" "$root"
    mount -t proc proc "$root/proc"
    mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
    mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
    mount -t tmpfs -o mode=755 tmpfs "$root/run"
    mkdir -p "$root/run/netns" "$root/run/lock"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
}

# umount_debian_root DIR: undoes mount_debian_root (safe to call more than once).
umount_debian_root() {
    local root=$1 m
    # Deepest first; -l because a test may still hold a netns or a loop device open.
    for m in $(awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
}
