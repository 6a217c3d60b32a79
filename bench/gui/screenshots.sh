#!/usr/bin/env bash
# Takes docs/screenshots/*.png in English and Japanese: the monitor replaying a made-up
# 200-device bench (gui_screenshots) and every editor page (tst_editorscreenshots), under
# xvfb-run. Needs xvfb and fonts-noto-cjk. Usage: bench/gui/screenshots.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${1:-$repo/build}
out=$repo/docs/screenshots
cmake --build "$build" --target bootbench gui_screenshots tst_editorscreenshots >/dev/null
mkdir -p "$out"
screen=(-a -s "-screen 0 1920x1080x24")
for lang in en ja; do
    xvfb-run "${screen[@]}" "$build/bench/gui/gui_screenshots" --lang "$lang" --qm-dir "$build/app" \
        --out "$out/monitor-$lang.png"
    xvfb-run -a -s "-screen 0 1366x768x24" "$build/bench/gui/gui_screenshots" --first-start --lang "$lang" \
        --qm-dir "$build/app" --out "$out/first-start-$lang.png"
done
BOOTBENCH_SCREENSHOT_DIR=$out QT_QPA_PLATFORM=xcb xvfb-run "${screen[@]}" "$build/tests/tst_editorscreenshots" >/dev/null
# 256-colour PNGs: a few hundred KB less each, no visible change for a UI.
if command -v convert >/dev/null; then
    for f in "$out"/*.png; do convert "$f" -dither None -colors 256 "PNG8:$f"; done
fi
ls -l "$out"
