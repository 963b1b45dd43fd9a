#!/usr/bin/env bash
# The input fuzzer (tests/fuzz/fuzz_inputs.py, docs/robustness.md) for a short while with a
# fixed seed: mutated shipped scenarios, sweeps and plans never crash, hang or fail at run
# time after validating. VGPUSIM_FUZZ_SECONDS (default 60) shortens it; scripts/sanitize.sh
# sets it, as every case is several times slower under the sanitizers.
source "$(dirname "$0")/lib.sh"
seconds=${VGPUSIM_FUZZ_SECONDS:-60}
if python3 "$REPO/tests/fuzz/fuzz_inputs.py" --vgpusim "$VGPUSIM" --repo "$REPO" \
     --seconds "$seconds" --seed 1 --deadline 60 --out "$WORK/fuzz" >"$WORK/fuzz.log" 2>&1; then
  pass "$(tail -1 "$WORK/fuzz.log")"
else
  fail "fuzzer found failing cases (kept in $WORK/fuzz/crashers):"
  cat "$WORK/fuzz.log" >&2
fi
finish
