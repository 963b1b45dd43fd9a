#!/usr/bin/env bash
# CPU-only prep: 4 GB / (8 vCPUs x 50 MB/s) = 10 s of wall time on the VM (SimGrid's
# parallel exec amount is per thread), read 4 GB at 10 GB/s = 0.4 s, write 1 GB = 0.1 s.
# Runs at 0 s and at a realistic network latency (lib.sh LATENCIES), within 0.5 % at the latter.
source "$(dirname "$0")/lib.sh"
for lat in $LATENCIES; do
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/workflow_cpu_prep.yaml"
  t=$(lat_tol $lat 1e-6)
  s="$WORK/out$lat/stages.csv"
  check_near "cpu prep compute (wall time)" 10 "$(csv_get "$s" stage prep compute_s)" "$t"
  check_near "cpu prep read" 0.4 "$(csv_get "$s" stage prep read_s)" "$t"
  check_near "cpu prep end" 10.5 "$(csv_get "$s" stage prep end_s)" "$t"
  check_eq "no GPU held" "" "$(csv_get "$s" stage prep gpus)"
done
finish
