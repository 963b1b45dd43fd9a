#!/usr/bin/env bash
# vgpusim sweep through the binary: a 2 x 2 grid (servers x placement) over two seeds of the
# two-jobs scenario, run by two workers; the tables; resuming reuses finished runs; two
# shards merged give the same tables as one call; a bad grid value or key is reported at its
# line and column in the sweep file with exit 2, before anything runs.
source "$(dirname "$0")/lib.sh"
cat >"$WORK/grid.yaml" <<YAML
version: 1
name: grid
scenario: $TESTS/scenario/data/two_jobs.yaml
vary:
  datacenter.pools[0].count: [1, 2]
  policy.placement: [first-fit, best-fit]
seeds: [1, 2]
metrics: [jobs.done, makespan_s, gpus.total]
YAML
run_ok sweep sweep "$WORK/grid.yaml" --out "$WORK/all" --jobs 2 --quiet
check_eq "runs.csv rows (4 points x 2 seeds)" 8 "$(tail -n +2 "$WORK/all/runs.csv" | wc -l | tr -d ' ')"
check_eq "runs.csv header" "run,point,seed,status,datacenter.pools[0].count,policy.placement,jobs.done,makespan_s,gpus.total" "$(head -1 "$WORK/all/runs.csv")"
check_eq "first axis slowest" "p000,1,first-fit p001,1,best-fit p002,2,first-fit p003,2,best-fit" \
  "$(tail -n +2 "$WORK/all/points.csv" | cut -d, -f1,3,4 | tr '\n' ' ' | sed 's/ $//')"
check_eq "points.csv: runs per point" "2 2 2 2" "$(tail -n +2 "$WORK/all/points.csv" | cut -d, -f2 | tr '\n' ' ' | sed 's/ $//')"
check_eq "sweep.json: runs present" 8 "$(json "$WORK/all/sweep.json" .runs_present)"
check_eq "sweep.json: GPUs of p002" 2 "$(json "$WORK/all/sweep.json" '.points[2].metrics["gpus.total"].mean')"
# Two jobs on one GPU run one after the other; with two servers side by side: the makespan
# of p002 is the run's own, read back from its summary.json.
check_eq "points.csv mean = the run's makespan (same for both seeds)" \
  "$(json "$WORK/all/runs/p002-s1/summary.json" .makespan_s)" \
  "$(json "$WORK/all/sweep.json" '.points[2].metrics["makespan_s"].mean')"
check_eq "each run is a full vgpusim run" 1 "$(json "$WORK/all/runs/p003-s2/summary.json" .seed | grep -c 2)"
check_contains "sweep.html: the points table" "$WORK/all/sweep.html" "<th>policy.placement</th>"

"$VGPUSIM" sweep "$WORK/grid.yaml" --out "$WORK/all" --jobs 2 >"$WORK/again.out"
check_contains "second call reuses every finished run" "$WORK/again.out" "this call ran 0, reused 8"

run_ok shard1 sweep "$WORK/grid.yaml" --out "$WORK/shards" --shard 1/2 --quiet
check_eq "shard 1/2 ran half" 4 "$(json "$WORK/shards/sweep.json" .runs_present)"
run_ok shard2 sweep "$WORK/grid.yaml" --out "$WORK/shards" --shard 2/2 --quiet
check_eq "both shards merged: runs.csv as one call" "$(cat "$WORK/all/runs.csv")" "$(cat "$WORK/shards/runs.csv")"
run_ok merge sweep "$WORK/grid.yaml" --out "$WORK/shards" --merge --quiet
check_eq "--merge alone: same points.csv" "$(cat "$WORK/all/points.csv")" "$(cat "$WORK/shards/points.csv")"

sed 's/\[first-fit, best-fit\]/[first-fit, bestfit]/' "$WORK/grid.yaml" >"$WORK/bad.yaml"
run_rc 2 bad sweep "$WORK/bad.yaml" --out "$WORK/bad"
check_contains "bad grid value: at its line in the sweep file" "$WORK/bad.err" \
  "$WORK/bad.yaml:6:3: vary.policy.placement: unknown placement policy 'bestfit'"
if [ -e "$WORK/bad/runs" ]; then fail "runs started despite a bad grid"; else pass "nothing ran"; fi
sed 's/^vary:/set: {policy.queue: lifo}\nvary:/' "$WORK/grid.yaml" >"$WORK/badset.yaml"
run_rc 2 badset sweep "$WORK/badset.yaml" --out "$WORK/badset"
check_contains "bad set value: at its line in the sweep file" "$WORK/badset.err" \
  "$WORK/badset.yaml:4:7: set.policy.queue: unknown queue discipline 'lifo'"
# A bad key path in the grid (malformed, or an index past the list) is the sweep file's
# problem too, not a "--set" one.
sed 's/datacenter.pools\[0\].count/datacenter..count/' "$WORK/grid.yaml" >"$WORK/badkey.yaml"
run_rc 2 badkey sweep "$WORK/badkey.yaml" --out "$WORK/badkey"
check_contains "bad grid key: at its line and column in the sweep file" "$WORK/badkey.err" \
  "$WORK/badkey.yaml:5:3: vary.datacenter..count: '' is not a key path segment"
sed 's/datacenter.pools\[0\].count/datacenter.pools[99999999999999999999].count/' \
  "$WORK/grid.yaml" >"$WORK/badindex.yaml"
run_rc 2 badindex sweep "$WORK/badindex.yaml" --out "$WORK/badindex"
check_contains "grid index past the list: at its line and column" "$WORK/badindex.err" \
  "$WORK/badindex.yaml:5:3: vary.datacenter.pools[99999999999999999999].count: index [99999999999999999999] does not exist in 'pools' (1 element)"
check_eq "one message per bad key, not one per point" 1 "$(wc -l <"$WORK/badindex.err" | tr -d ' ')"
sed 's/^vary:/set:\n  datacenter.pools[3].count: 1\nvary:/' "$WORK/grid.yaml" >"$WORK/badsetkey.yaml"
run_rc 2 badsetkey sweep "$WORK/badsetkey.yaml" --out "$WORK/badsetkey"
check_contains "bad set key: at its line and column" "$WORK/badsetkey.err" \
  "$WORK/badsetkey.yaml:5:3: set.datacenter.pools[3].count: index [3] does not exist"
run_rc 2 shard sweep "$WORK/grid.yaml" --shard 3/2
check_contains "bad shard: what is allowed" "$WORK/shard.err" "--shard: '3/2' is not a shard; write I/N with 1 <= I <= N"

# The shipped sweep runs as documented.
run_ok shipped sweep "$REPO/sweeps/quickstart-fleet.yaml" --out "$WORK/shipped" --jobs 2 --quiet
check_eq "shipped sweep: every run present" 18 "$(json "$WORK/shipped/sweep.json" .runs_present)"
finish
