#!/usr/bin/env bash
# Runs `./bootbench.sh test` on a fresh Debian 12 system: a debootstrap chroot (bookworm, from the
# mirror in /etc/apt/sources.list*) holding a clean clone of one commit. Shows which packages the
# run installs from tools/debian-packages.txt, and whether the build and the tests pass without
# anything else. Needs root and debootstrap (apt-get install debootstrap).
#
#   tools/fresh-machine-check.sh [--commit REV] [--repo DIR] [--root DIR] [--keep] [--ccache DIR]
#                                [-- ctest arguments, e.g. -E e2e or -L package]
#
#   --commit REV  the commit to clone (default HEAD of --repo)
#   --repo DIR    the repository to clone (default: the one holding this script)
#   --root DIR    where the chroot goes (default /var/tmp/bootbench-fresh; emptied first)
#   --keep        leave the chroot in place afterwards (to look around: chroot DIR)
#   --ccache DIR  share this ccache directory with the chroot's build (faster; same results)
#   --reuse       keep the root of an earlier --keep run (packages installed, clone updated to REV)
# BOOTBENCH_WERROR=ON (as .ci/run sets it) is passed on to the build.
# Output: a log in ROOT.log; exit status is the one of `./bootbench.sh test`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
commit=HEAD
root=/var/tmp/bootbench-fresh
keep=0
reuse=0
ccache_dir=
while [ $# -gt 0 ]; do
    case "$1" in
    --commit) commit=$2; shift 2 ;;
    --repo) repo=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --reuse) reuse=1; shift ;;
    --ccache) ccache_dir=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--commit REV] [--repo DIR] [--root DIR] [--keep] [--reuse] [--ccache DIR] [-- ctest args]" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine-check: needs root (debootstrap, chroot, mounts)" >&2; exit 2; }
# shellcheck source=debian-chroot.sh
. "$here/debian-chroot.sh"

sha=$(git -C "$repo" rev-parse --verify "$commit^{commit}")
log=$root.log
cleanup() {
    umount_debian_root "$root"
    [ "$keep" = 1 ] || rm -rf --one-file-system "$root"
}
# The chroot's source lives under /work, like the usual checkouts, so a shared ccache hits.
src=/work/bootbench
umount_debian_root "$root"
trap cleanup EXIT
if [ "$reuse" = 1 ] && [ -d "$root$src/.git" ]; then
    git -C "$root$src" fetch -q "$repo" "+refs/heads/*:refs/remotes/source/*"
    git -C "$root$src" checkout -q --detach "$sha"
else
    rm -rf --one-file-system "$root"
    make_debian_root "$root"
    git clone -q --no-local --no-checkout "$repo" "$root$src"
    git -C "$root$src" checkout -q --detach "$sha"
fi
mount_debian_root "$root"
env_args=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb
    BOOTBENCH_WERROR="${BOOTBENCH_WERROR:-OFF}")
if [ -n "$ccache_dir" ]; then
    mkdir -p "$root/ccache"
    mount --bind "$ccache_dir" "$root/ccache"
    env_args+=(CCACHE_DIR=/ccache CCACHE_BASEDIR=/work CCACHE_NOHASHDIR=1)
fi

before=$(chroot "$root" dpkg-query -W -f='${Package}\n' | sort)
echo "fresh-machine-check: $sha in $root; log in $log" >&2
set +e
chroot "$root" env -i "${env_args[@]}" bash -c 'cd "$0" && ./bootbench.sh test "$@"' "$src" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
after=$(chroot "$root" dpkg-query -W -f='${Package}\n' | sort)
listed=$(grep -v -e '^#' -e '^$' "$root$src/tools/debian-packages.txt" | sort)
{
    echo
    echo "fresh-machine-check: commit $sha, ./bootbench.sh test exit status $status"
    echo "fresh-machine-check: packages of tools/debian-packages.txt that the fresh system lacked:"
    comm -13 <(echo "$before") <(echo "$listed") | tr '\n' ' '
    echo
    echo "fresh-machine-check: packages installed in all (with dependencies): $(comm -13 <(echo "$before") <(echo "$after") | wc -l)"
} | tee -a "$log"
exit "$status"
