#!/usr/bin/env bash
# Bootbench in two commands on Debian 12:
#   ./bootbench.sh run   [bootbench options]  install what is missing, build, start Bootbench
#   ./bootbench.sh test  [ctest options]      install what is missing, build, run every test
# Also: ./bootbench.sh build | install-deps | package | bench
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build_dir=${BOOTBENCH_BUILD_DIR:-$here/build}
build_type=${BOOTBENCH_BUILD_TYPE:-RelWithDebInfo}

sudo_cmd() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_deps() {
    mapfile -t wanted < <(grep -v -e '^#' -e '^$' "$here/tools/debian-packages.txt")
    missing=()
    for p in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "bootbench: installing Debian packages: ${missing[*]}"
        sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

configure_and_build() {
    local launcher=()
    if command -v ccache >/dev/null; then
        launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        # Paths inside the checkout hashed relative to it: a fresh clone elsewhere reuses the cache.
        export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$here} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
    fi
    cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" \
        -DBOOTBENCH_WERROR="${BOOTBENCH_WERROR:-OFF}" "${launcher[@]}" ${BOOTBENCH_CMAKE_ARGS:-} >/dev/null
    cmake --build "$build_dir" --parallel "$(nproc)"
}

cmd=${1:-run}
shift || true
case "$cmd" in
install-deps) install_deps ;;
build) install_deps; configure_and_build ;;
run)
    install_deps
    configure_and_build
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        exec "$build_dir/app/bootbench" "$@"
    else
        echo "bootbench: no display found: starting the headless service host (bootbench serve)"
        exec "$build_dir/app/bootbench" serve "$@"
    fi
    ;;
test)
    install_deps
    configure_and_build
    cd "$build_dir"
    status=0
    ctest --output-on-failure --timeout 900 "$@" || status=$?
    # CTest names skipped tests but not why: the Qt tests' SKIP lines say it.
    if grep -q '^SKIP   : ' Testing/Temporary/LastTest.log 2>/dev/null; then
        echo "Skipped test functions and why:"
        grep '^SKIP   : ' Testing/Temporary/LastTest.log | sed 's/^SKIP   : /  /'
    fi
    exit "$status"
    ;;
package)
    install_deps
    configure_and_build
    (cd "$build_dir" && cpack)
    ;;
bench)
    install_deps
    configure_and_build
    exec "$here/bench/run-all.sh" "$build_dir" "$@"
    ;;
*)
    echo "usage: $0 run|test|build|package|bench|install-deps [args]" >&2
    exit 2
    ;;
esac
