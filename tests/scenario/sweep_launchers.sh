#!/usr/bin/env bash
# Sweeps under cluster launchers (issue #14): with no --shard, each rank takes its shard
# from the launcher's environment. `mpirun -n 2` (Debian's OpenMPI): both ranks run their
# runs, rank 0 merges once both are done. Slurm variables set by hand: two srun tasks
# (SLURM_PROCID/SLURM_NTASKS) meet the same way; two job-array tasks only run, and
# `--merge` collects, naming the runs still missing. A run that fails is reported with its
# rank and point, and the merged tables lack it.
source "$(dirname "$0")/lib.sh"
cat >"$WORK/grid.yaml" <<YAML
version: 1
name: grid
scenario: $TESTS/scenario/data/two_jobs.yaml
set: {outputs.report: false, outputs.trace: false}
vary:
  datacenter.pools[0].count: [1, 2]
seeds: [1, 2]
metrics: [jobs.done, gpus.total]
YAML
all_done() { tail -n +2 "$1/runs.csv" | cut -d, -f4 | sort | uniq -c | tr -s ' ' | sed 's/^ //'; }

# Reference: the whole sweep in one call.
run_ok ref sweep "$WORK/grid.yaml" --out "$WORK/ref" --jobs 1 --quiet

# Slurm srun: two tasks of one step, started by hand.
for p in 0 1; do
  SLURM_PROCID=$p SLURM_NTASKS=2 SLURM_JOB_ID=41 SLURM_STEP_ID=0 \
    "$VGPUSIM" sweep "$WORK/grid.yaml" --out "$WORK/srun" >"$WORK/srun$p.out" 2>"$WORK/srun$p.err" &
done
wait
check_contains "srun task 1: its shard" "$WORK/srun1.out" "slurm rank 1 of 2 (shard 2/2): ran 2"
check_contains "srun task 0 merged" "$WORK/srun0.out" "rank 0 merged the 2 ranks"
check_eq "srun: every run done" "4 done" "$(all_done "$WORK/srun")"
cmp -s "$WORK/ref/points.csv" "$WORK/srun/points.csv" && pass "srun: points.csv = one call's" || fail "srun: points.csv differs"
[ ! -e "$WORK/srun/.launch" ] && pass "rendezvous directory removed" || fail "rendezvous directory left behind"

# Slurm job array: tasks 1..2 (--array=1-2), run one at a time; --merge collects.
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=2 \
  "$VGPUSIM" sweep "$WORK/grid.yaml" --out "$WORK/array" >"$WORK/a1.out" 2>&1
check_contains "array task: its shard and the merge hint" "$WORK/a1.out" "slurm-array rank 0 of 2 (shard 1/2): ran 2"
check_contains "array task: how to merge" "$WORK/a1.out" "--merge"
run_ok half sweep "$WORK/grid.yaml" --out "$WORK/array" --merge
check_contains "merge before every task ran: the missing runs" "$WORK/half.out" "missing 2 of 4 runs: p000-s2, p001-s2"
check_eq "sweep.json lists them" '["runs/p000-s2","runs/p001-s2"]' "$(jq -c .missing_runs "$WORK/array/sweep.json")"
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=2 \
  "$VGPUSIM" sweep "$WORK/grid.yaml" --out "$WORK/array" >"$WORK/a2.out" 2>&1
run_ok full sweep "$WORK/grid.yaml" --out "$WORK/array" --merge
check_eq "array + merge: every run done" "4 done" "$(all_done "$WORK/array")"
check_eq "nothing missing" '[]' "$(jq -c .missing_runs "$WORK/array/sweep.json")"

# A failing run: p001-s1's jobs.csv cannot be written (a directory stands there).
mkdir -p "$WORK/bad/runs/p001-s1/jobs.csv/x"
for p in 0 1; do
  SLURM_PROCID=$p SLURM_NTASKS=2 SLURM_JOB_ID=42 SLURM_STEP_ID=0 \
    "$VGPUSIM" sweep "$WORK/grid.yaml" --out "$WORK/bad" >"$WORK/bad$p.out" 2>"$WORK/bad$p.err" &
  pids[$p]=$!
done
rc0=0; wait "${pids[0]}" || rc0=$?
wait "${pids[1]}" || true
check_eq "rank 0 exits 3 when a rank's run failed" 3 "$rc0"
check_contains "the failure names rank and point" "$WORK/bad0.err" "(runs/p001-s1, point p001: datacenter.pools[0].count=2) failed on rank 0"
check_contains "the merged result names the missing run" "$WORK/bad0.out" "missing 1 of 4 runs: p001-s1"

# mpirun (Debian's openmpi-bin), when installed.
if command -v mpirun >/dev/null; then
  if mpirun --oversubscribe --allow-run-as-root -n 2 "$VGPUSIM" sweep "$WORK/grid.yaml" --out "$WORK/mpi" \
      >"$WORK/mpi.out" 2>"$WORK/mpi.err"; then
    pass "mpirun -n 2 vgpusim sweep exits 0"
  else
    fail "mpirun -n 2 vgpusim sweep failed: $(cat "$WORK/mpi.err")"
  fi
  check_contains "mpi: rank 0 merged" "$WORK/mpi.out" "rank 0 merged the 2 ranks"
  check_eq "mpi: every run done" "4 done" "$(all_done "$WORK/mpi")"
  cmp -s "$WORK/ref/points.csv" "$WORK/mpi/points.csv" && pass "mpi: points.csv = one call's" || fail "mpi: points.csv differs"
else
  echo "skip: mpirun not installed (scripts/setup.sh installs openmpi-bin)"
fi
finish
