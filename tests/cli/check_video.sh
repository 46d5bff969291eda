#!/usr/bin/env bash
# check_video.sh FILE WIDTH HEIGHT FRAMES: ffprobe decodes FILE and counts FRAMES frames of
# WIDTHxHEIGHT (FRAMES "any": at least one). Also: no temporary file beside it.
set -u
file=$1 width=$2 height=$3 frames=$4
got=$(ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=width,height,nb_read_frames -of csv=p=0 "$file") || {
  echo "ffprobe cannot read $file"; exit 1; }
IFS=, read -r w h n <<<"$got"
if [ "$w" != "$width" ] || [ "$h" != "$height" ]; then
  echo "$file: ${w}x${h}, expected ${width}x${height}"; exit 1
fi
if [ "$frames" = any ]; then
  [ "$n" -ge 1 ] || { echo "$file: no frame"; exit 1; }
elif [ "$n" != "$frames" ]; then
  echo "$file: $n frames, expected $frames"; exit 1
fi
if ls -a "$(dirname "$file")" | grep -q '\.tmp'; then
  echo "a temporary file was left beside $file"; exit 1
fi
echo "$file: $n frames of ${w}x${h}"
