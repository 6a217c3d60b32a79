#!/usr/bin/env bash
# Runs the benchmarks in bench/*/run.sh against one (optimised) build; `./bootbench.sh bench` calls it.
#
# Usage: bench/run-all.sh [BUILD_DIR] [--list] [--with-root] [NAME...] [-- ARGS...]
#   BUILD_DIR    where app/bootbench is (default: build/)
#   --list       print the benchmarks, what each needs and how long it takes; run nothing
#   NAME...      run only these (tftp, dhcp, gui, ...); default: every benchmark that needs no root
#   --with-root  also run the benchmarks that need root (dhcp: creates network namespaces)
#   -- ARGS      passed on to the benchmark; only with exactly one NAME (e.g. `tftp -- --quick`)
#
# Nothing needing root runs unless asked for (by name or --with-root); the plan, with the expected
# duration, is printed before anything starts. Exit status: the number of benchmarks that missed a
# target or failed (0: all good).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$here/.." && pwd)/build
list=0
with_root=0
names=()
passthrough=()
while [ $# -gt 0 ]; do
    case "$1" in
    --list) list=1 ;;
    --with-root) with_root=1 ;;
    --) shift; passthrough=("$@"); break ;;
    -*) echo "run-all.sh: unknown option $1 (see the usage at the top of $0)" >&2; exit 2 ;;
    *)
        if [ -d "$here/$1" ] && [ -f "$here/$1/run.sh" ]; then
            names+=("$1")
        elif [ ${#names[@]} -eq 0 ] && [ -d "$1" ]; then
            build=$1
        else
            echo "run-all.sh: '$1' is neither a benchmark (bench/*/run.sh) nor a build directory" >&2
            exit 2
        fi
        ;;
    esac
    shift
done

# What each benchmark needs and costs (on a 2-core machine). A new bench/NAME/run.sh without an
# entry here runs with "duration unknown"; give it an entry.
needs_root() { [ "$1" = dhcp ]; }
describe() {
    case "$1" in
    tftp) echo "Bootbench TFTP vs tftpd-hpa on loopback; about 8 minutes (tftp -- --quick: about 3)" ;;
    dhcp) echo "needs root (creates two network namespaces); proxyDHCP vs dnsmasq; about 2 minutes" ;;
    gui) echo "GUI replay of 100,000 events (under xvfb-run without a display); builds bench_gui; a few minutes" ;;
    *) echo "duration unknown" ;;
    esac
}

all=()
for script in "$here"/*/run.sh; do
    [ -x "$script" ] && all+=("$(basename "$(dirname "$script")")")
done
if [ $list -eq 1 ]; then
    for name in "${all[@]}"; do
        printf '  %-6s %s\n' "$name" "$(describe "$name")"
    done
    exit 0
fi
if [ ${#passthrough[@]} -gt 0 ] && [ ${#names[@]} -ne 1 ]; then
    echo "run-all.sh: arguments after -- go to one benchmark: name exactly one (e.g. tftp -- --quick)" >&2
    exit 2
fi

plan=()
if [ ${#names[@]} -gt 0 ]; then
    plan=("${names[@]}")
else
    for name in "${all[@]}"; do
        if needs_root "$name" && [ $with_root -eq 0 ]; then
            echo "=== bench: skipping $name: $(describe "$name"). Run it with: $0 $build $name"
            continue
        fi
        plan+=("$name")
    done
fi
echo "=== bench: build $build; will run: ${plan[*]:-nothing}"
for name in "${plan[@]}"; do
    echo "    $name: $(describe "$name")"
done

status=0
for name in "${plan[@]}"; do
    if needs_root "$name" && [ "$(id -u)" -ne 0 ]; then
        echo "=== bench: $name needs root: skipped"
        status=$((status + 1))
        continue
    fi
    echo "=== bench: $name"
    if ! "$here/$name/run.sh" "$build" "${passthrough[@]}"; then
        echo "=== bench: $name missed a target or failed"
        status=$((status + 1))
    fi
done
exit $status
