#!/usr/bin/env bash
# Installs what vgpusim needs on Debian 12 (as root, or with sudo) and configures and
# builds it in ./build. Safe to run again: apt skips what is there, CMake rebuilds only
# what changed.
#   scripts/setup.sh            # Release build with tests
#   BUILD_DIR=build-asan CMAKE_ARGS="-DVGPUSIM_SANITIZE=ON" scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config git jq ccache python3 time
          libsimgrid-dev libyaml-cpp-dev nlohmann-json3-dev zlib1g-dev openmpi-bin libspdlog-dev libfmt-dev libcli11-dev catch2
          libjemalloc-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
# shellcheck disable=SC2086
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} ${CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j"$JOBS"
