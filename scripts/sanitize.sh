#!/usr/bin/env bash
# SPEC 7's sanitizer run: builds vgpusim with AddressSanitizer and UndefinedBehaviorSanitizer
# in ./build-asan (setup.sh installs what is missing) and runs the whole test suite there.
# .ci/run calls it after scripts/test.sh. Any ASan or UBSan report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export BUILD_DIR=${BUILD_DIR:-build-asan}
CMAKE_ARGS="-DVGPUSIM_SANITIZE=ON ${CMAKE_ARGS:-}" BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} \
  scripts/setup.sh
# SimGrid switches actor stacks with its own context code, which ASan cannot follow; its
# thread contexts are ordinary threads that it can. UBSan reports abort the process so that
# the failing test shows them.
export VGPUSIM_SG_CFG="contexts/factory:thread"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# The fuzz smoke test (tests/scenario/fuzz_smoke.sh) runs 60 s normally; every case is
# several times slower here, so it runs a shorter while.
export VGPUSIM_FUZZ_SECONDS=${VGPUSIM_FUZZ_SECONDS:-15}
# The heaviest scenario tests serve fewer requests here (tests/scenario/serve_mmc.sh).
export VGPUSIM_SANITIZED=1
cd "$BUILD_DIR"
ctest --output-on-failure -LE bench -j"${JOBS:-$(nproc)}"
