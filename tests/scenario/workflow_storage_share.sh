#!/usr/bin/env bash
# Two preps arrive together (generic CSV arrival trace) on one server and share the 10 GB/s
# storage link; a third arrives at 100 s and finds its image cached (data/workflow_storage_share.yaml).
#   jobs 1, 2: one pull of 10 GB serves both (1 s); reads of 20 GB at 5 GB/s each: 4 s;
#              compute 20 GB at 2 GB/s: 10 s; writes of 5 GB at 5 GB/s: 1 s -> end 16 s
#   job 3:     pull 0 (cached); read 20 GB alone at 10 GB/s: 2 s; 10 s; 0.5 s -> end 112.5 s
# Runs at 0 s and at a realistic network latency (lib.sh LATENCIES), within 0.5 % at the latter.
source "$(dirname "$0")/lib.sh"
for lat in $LATENCIES; do
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/workflow_storage_share.yaml"
  t=$(lat_tol $lat 1e-6)
  s="$WORK/out$lat/stages.csv"
  check_eq "jobs from the trace (rows of other workflows ignored)" 3 "$(json "$WORK/out$lat/summary.json" .jobs.submitted)"
  for j in 1 2; do
    check_near "job $j pull" 1 "$(csv_get "$s" job $j pull_s)" "$t"
    check_near "job $j read (half the link)" 4 "$(csv_get "$s" job $j read_s)" "$t"
    check_near "job $j compute" 10 "$(csv_get "$s" job $j compute_s)" "$t"
    check_near "job $j write (half the link)" 1 "$(csv_get "$s" job $j write_s)" "$t"
    check_near "job $j end" 16 "$(csv_get "$s" job $j end_s)" "$t"
  done
  check_near "job 3 pull (image cache hit)" 0 "$(csv_get "$s" job 3 pull_s)" 1e-9
  check_near "job 3 read (whole link)" 2 "$(csv_get "$s" job 3 read_s)" "$t"
  check_near "job 3 end" 112.5 "$(csv_get "$s" job 3 end_s)" "$t"
done
finish
