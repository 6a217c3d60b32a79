#!/bin/sh
# Refresh translations/bootbench_{ja,en}.ts from the sources and fill them:
# lupdate, then tools/translate-catalogues.py (ja texts in tools/ja_strings.py; en = source
# text, English singular/plural for %n), then lupdate again to write lupdate's own layout.
# Exit status 1 if a Japanese text is missing or loses a placeholder/accelerator: add it to
# tools/ja_strings.py and run again.
set -eu
cd "$(dirname "$0")/.."
LUPDATE=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
TS="translations/bootbench_ja.ts translations/bootbench_en.ts"
"$LUPDATE" -silent core ui app -ts $TS -no-obsolete -locations none
status=0
python3 tools/translate-catalogues.py || status=$?
"$LUPDATE" -silent core ui app -ts $TS -no-obsolete -locations none
exit $status
