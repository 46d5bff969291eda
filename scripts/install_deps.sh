#!/usr/bin/env bash
# Installs exactly the Debian packages attnviz needs that are missing; a quiet no-op when all are
# present. Only Debian's package archive is contacted (apt-get), through sudo when not root.
set -euo pipefail

packages=(
  # build
  cmake make g++ pkg-config clang-14 libclang-rt-14-dev clang-format-14
  # libraries
  libglfw3-dev libglm-dev libeigen3-dev doctest-dev libimgui-dev libstb-dev zlib1g-dev
  libegl-dev libgl-dev libegl-mesa0 libgl1-mesa-dri
  # loader generator, runtime extras, fixture generation
  python3-glad xvfb xauth ffmpeg python3-torch python3-numpy python3-matplotlib fonts-dejavu-core
  # CJK glyphs for tokens DejaVu lacks (merged into the font atlas one by one, see ui/style.hpp)
  fonts-droid-fallback
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "attnviz: installing missing Debian packages: ${missing[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
