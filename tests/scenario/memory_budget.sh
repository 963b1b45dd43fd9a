#!/usr/bin/env bash
# The memory estimate at validate (docs/robustness.md, "Memory budget"): 10^9 jobs and an
# endless Poisson stream are refused with the numbers in well under a second, before any
# run; --memory-budget overrides the default; under an 8 GB address-space limit the openb
# FGD scenario (1,213 servers, one agent actor each) runs, and a fleet whose actor stacks
# cannot fit is refused at validate instead of aborting in SimGrid.
source "$(dirname "$0")/lib.sh"
Q="$REPO/scenarios/quickstart.yaml"
ms() { date +%s%3N; }
# "Well under a second" (measured: 75 ms for the whole process); the sanitizer build starts
# and runs several times slower.
limit=1000; [ -n "${ASAN_OPTIONS:-}" ] && limit=5000

t0=$(ms)
run_rc 2 billion validate "$Q" --set 'workflows[1].arrival.count=1000000000' \
  --set 'workflows[1].arrival.rate=10/s'
t1=$(ms)
check_contains "10^9 jobs: the estimate and its parts" "$WORK/billion.err" \
  "$Q: a run would need about 3.73 TiB of memory (program 48 MiB, 1,000,000,024 stage runs 3.26 TiB, 1,000,000,024 jobs 477 GiB"
check_contains "10^9 jobs: the budget and its source" "$WORK/billion.err" "(the machine's physical memory)"
if [ $((t1 - t0)) -lt $limit ]; then pass "10^9 jobs refused in $((t1 - t0)) ms"; else fail "10^9 jobs took $((t1 - t0)) ms to refuse"; fi

t0=$(ms)
run_rc 2 stream run "$Q" --out "$WORK/stream" --set 'workflows[1].arrival={process: poisson, rate: 1e6/s}' \
  --set horizon=1e9s
t1=$(ms)
check_contains "an endless 1e6/s stream to a 1e9 s horizon" "$WORK/stream.err" "1e+15 jobs 455 PiB"
if [ $((t1 - t0)) -lt $limit ]; then pass "stream refused in $((t1 - t0)) ms"; else fail "stream took $((t1 - t0)) ms to refuse"; fi
if [ -e "$WORK/stream" ]; then fail "run wrote outputs for a refused scenario"; else pass "nothing written"; fi
run_rc 2 fast validate "$Q" --set 'workflows[1].arrival={process: poisson, rate: 1e12/s}' --set horizon=1h
check_contains "a 1e12/s stream: out of the rate range" "$WORK/fast.err" "rates up to 1e6/s"

run_rc 2 small validate "$Q" --memory-budget 10MiB
check_contains "--memory-budget: a smaller budget refuses" "$WORK/small.err" \
  "more than the budget of 10 MiB (--memory-budget 10MiB)"
run_ok big validate "$Q" --memory-budget 1GiB
VGPUSIM_MEMORY_BUDGET=10MiB run_rc 2 env validate "$Q"
check_contains "VGPUSIM_MEMORY_BUDGET: the default for sweeps' workers" "$WORK/env.err" \
  "(VGPUSIM_MEMORY_BUDGET=10MiB)"
run_rc 2 badflag validate "$Q" --memory-budget 10
check_contains "--memory-budget without a unit" "$WORK/badflag.err" "'10' needs a unit"

# The address space: ASan reserves terabytes of shadow memory, so a ulimit -v cannot apply there.
if [ -n "${ASAN_OPTIONS:-}" ]; then
  pass "ulimit -v cases skipped under AddressSanitizer"
else
  (ulimit -v 8000000; "$VGPUSIM" run "$REPO/scenarios/alibaba-openb-fgd.yaml" --out "$WORK/openb" \
    --quiet >"$WORK/openb.out" 2>"$WORK/openb.err") && rc=0 || rc=$?
  check_eq "openb FGD under ulimit -v 8000000: exit code" 0 "$rc"
  check_eq "openb FGD under ulimit -v 8000000: every task placed or dropped" 10823 \
    "$(json "$WORK/openb/summary.json" '.packing.tasks.placed + .packing.tasks.dropped')"
  (ulimit -v 8000000; "$VGPUSIM" validate "$Q" --set 'datacenter.pools[0].count=40000' \
    >"$WORK/fleet.out" 2>"$WORK/fleet.err") && rc=0 || rc=$?
  check_eq "40,000 servers under ulimit -v 8000000: exit code" 2 "$rc"
  check_contains "40,000 servers: the address space and the limit" "$WORK/fleet.err" \
    "of address space (program 48 MiB, 40,002 servers 547 MiB"
  check_contains "40,000 servers: the limit" "$WORK/fleet.err" "more than the process's limit of 7.63 GiB (ulimit -v)"
fi
finish
