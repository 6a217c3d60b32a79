#!/usr/bin/env bash
# Bootbench TFTP vs Debian's tftpd-hpa on loopback, with the same load client (tftpload.cpp). Prints
# the table of issue 3 and PASS/FAIL per target (exit 1 when one is missed). Not part of ctest.
# Usage: bench/tftp/run.sh [BUILD_DIR] [--quick] [--rounds=N]
#   BUILD_DIR: where app/bootbench is (default build/); use an optimised (RelWithDebInfo/Release) one.
#   --quick: one short run per cell and a 64 MiB file for the memory run (a smoke test, ~2 minutes).
#   --rounds=N: runs per server and cell, the best counts (default 3; about 8 minutes on 2 cores).
# tftpd-hpa is started by the benchmark itself (`in.tftpd -L`: foreground, standalone, on a free
# loopback port, root = the benchmark's temporary folder), never as the system service. Everything
# runs under `timeout`; the servers, the cgroups and the temporary folder are removed at the end,
# also after a failure, Ctrl-C or the timeout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$repo/build
passthrough=()
for arg in "$@"; do
    case "$arg" in
    --*) passthrough+=("$arg") ;;
    *) build=$arg ;;
    esac
done
bootbench=$build/app/bootbench
if [ ! -x "$bootbench" ]; then
    echo "bench/tftp: $bootbench not found: build first (./bootbench.sh build)" >&2
    exit 2
fi
type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
if [ "$type" = "Debug" ] || [ -z "$type" ]; then
    echo "bench/tftp: WARNING: $build is a '${type:-unoptimised}' build; figures are only meaningful from an" \
         "optimised one (./bootbench.sh bench builds RelWithDebInfo)" >&2
fi
command -v in.tftpd >/dev/null || [ -x /usr/sbin/in.tftpd ] ||
    echo "bench/tftp: in.tftpd (Debian package tftpd-hpa) not installed: no comparison" >&2
load_build=$build/bench-tftp
cmake -S "$here" -B "$load_build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$load_build" >/dev/null
export PATH=$PATH:/usr/sbin
exec timeout 1500 python3 "$here/bench.py" --bootbench "$bootbench" --tftpload "$load_build/tftpload" "${passthrough[@]}"
