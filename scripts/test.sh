#!/usr/bin/env bash
# Quick start, step 2: set everything up, then run the whole test suite (unit and
# scenario tests; benchmarks are separate: ctest -L bench).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -LE bench -j"${JOBS:-$(nproc)}"
