#!/usr/bin/env bash
# Builds every libFuzzer target (tests/fuzz/fuzz_*.cpp) with clang in its own build tree and runs
# each for a bounded time over its seed corpus. Usage: run-fuzzers.sh SOURCE_DIR BUILD_DIR [SECONDS]
set -euo pipefail
src=$1
out=$2/fuzz-build
secs=${3:-30}
command -v clang++ >/dev/null || { echo "clang++ not found: apt-get install clang libclang-rt-14-dev"; exit 1; }
shopt -s nullglob
targets=("$src"/tests/fuzz/fuzz_*.cpp)
[ ${#targets[@]} -eq 0 ] && { echo "no fuzz targets"; exit 0; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$src" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DBOOTBENCH_FUZZ=ON -DBOOTBENCH_BUILD_TESTS=OFF -DBOOTBENCH_FUZZ_ONLY=ON "${launcher[@]}" >/dev/null
for t in "${targets[@]}"; do
    name=$(basename "$t" .cpp)
    cmake --build "$out" --target "$name" >"$out/build-$name.log" 2>&1 ||
        { tail -n 40 "$out/build-$name.log"; echo "$name: build failed (log: $out/build-$name.log)"; exit 1; }
    corpus=$(mktemp -d)
    seeds="$src/tests/fuzz/corpus/$name"
    [ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
    echo "== $name for ${secs}s"
    log="$corpus.log"
    # The fuzzer's status is taken before any filtering (a "| grep || true" would hide a crash).
    status=0
    "$out/tests/fuzz/$name" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$out/$name-" "$corpus" >"$log" 2>&1 || status=$?
    grep -E 'stat::number_of_executed_units|Done|ERROR|SUMMARY' "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$log"
        echo "$name: crash or leak found (exit $status); reproducer in $out/$name-*"
    fi
    rm -rf "$corpus" "$log"
    [ "$status" -eq 0 ] || exit 1
done
