#!/usr/bin/env bash
# The GUI benchmark of issue 6: replays 500 devices / 100,000 events into the monitor as fast as
# possible and reports the GUI thread's longest stall, the replot cost against the number of
# events already seen and of lanes on screen (ratios against a reference measured in the same
# run), and the memory. Exit 1 when a target is missed. Not part of ctest.
# Usage: bench/gui/run.sh [BUILD_DIR] [QtTest options]   (runs under xvfb-run when there is no display)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$repo/build
args=()
for arg in "$@"; do
    case "$arg" in
    -*) args+=("$arg") ;;
    *) build=$arg ;;
    esac
done
type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [ "$type" = "Debug" ] || [ -z "$type" ]; then
    echo "bench/gui: WARNING: $build is a '${type:-unoptimised}' build; figures are only meaningful from an" \
         "optimised one (./bootbench.sh bench builds RelWithDebInfo)" >&2
fi
cmake --build "$build" --target bench_gui >/dev/null
run=("$build/bench/gui/bench_gui" "${args[@]}")
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run >/dev/null; then
    exec timeout 900 xvfb-run -a -s "-screen 0 1920x1080x24" "${run[@]}"
fi
exec timeout 900 "${run[@]}"
