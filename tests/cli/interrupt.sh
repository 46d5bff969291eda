#!/usr/bin/env bash
# interrupt.sh ATTNVIZ OUT CHECK_FRAMES CHECK_VIDEO: starts a long `attnviz record --out OUT`,
# sends it SIGINT (Ctrl+C) once frames are being written, and expects a clean stop: exit status
# 130, "stopped after K of N frames", and output that holds exactly those K frames, each complete
# (PNG sequence: check_frames.py; MP4/GIF: ffprobe through check_video.sh).
set -u
attnviz=$1 out=$2 check_frames=$3 check_video=$4
log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -rf "$out"
"$attnviz" record --out "$out" --size 320x180 --frames 3000 --turntable 360 >"$log" 2>&1 &
pid=$!
# Started: for frames, some files exist; for a video, a progress line was printed.
for _ in $(seq 600); do
  if [ -d "$out" ] && [ "$(ls "$out" | wc -l)" -ge 5 ]; then break; fi
  if [ ! -d "$out" ] && grep -q "frames" "$log"; then break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -INT "$pid"
# A clean stop is quick; never hang the test.
for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  kill -9 "$pid"; echo "attnviz did not stop within 60 s of SIGINT"; cat "$log"; exit 1
fi
wait "$pid"
status=$?
if [ "$status" -ne 130 ]; then echo "exit status $status, expected 130"; cat "$log"; exit 1; fi
kept=$(sed -n 's/.*stopped after \([0-9]*\) of 3000 frames.*/\1/p' "$log")
if [ -z "$kept" ]; then echo "no 'stopped after K of 3000 frames' line"; cat "$log"; exit 1; fi
echo "stopped after $kept frames"
if [ -d "$out" ]; then
  /usr/bin/python3 "$check_frames" "$out" 320 180 --frames "$kept" --partial
else
  "$check_video" "$out" 320 180 "$kept"
fi
