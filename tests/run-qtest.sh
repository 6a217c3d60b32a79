#!/usr/bin/env bash
# Runs one Qt Test executable for CTest (tests/BootbenchTests.cmake). When it passes but no test
# function ran (each one skipped: not root, ...), exits 77, which CTest lists as "Skipped"; the
# "SKIP   :" lines in its output give the reason (./bootbench.sh test prints them after the run).
# A missing tool or package is never a skip: the test fails and names the Debian package.
set -uo pipefail
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
if [ "$status" -eq 0 ] && grep -q '^SKIP   : ' "$out" &&
    ! grep '^PASS   : ' "$out" | grep -qv -e '::initTestCase()' -e '::cleanupTestCase()'; then
    exit 77
fi
exit "$status"
