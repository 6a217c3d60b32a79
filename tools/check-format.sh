#!/usr/bin/env bash
# Fails when any C++ source differs from .clang-format. Usage: tools/check-format.sh [clang-format]
set -euo pipefail
cf=${1:-clang-format}
cd "$(dirname "$0")/.."
command -v "$cf" >/dev/null || { echo "$cf not found: apt-get install clang-format"; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find app core ui tests bench -name '*.cpp' -o -name '*.h')
[ ${#files[@]} -eq 0 ] && exit 0
"$cf" --dry-run -Werror "${files[@]}"
