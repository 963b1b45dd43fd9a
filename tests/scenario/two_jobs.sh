#!/usr/bin/env bash
# Two jobs on one whole GPU, checked against completion times computed by hand:
#   image pull: 10 GB over the 80 Gbps (10 GB/s) storage link = 1 s, once per server;
#   compute: 1e17 FLOP / (bf16 peak x mfu 0.5) on the A100-PCIe-80GB;
#   job 2 arrives at 10 s and waits for the GPU (FIFO, passthrough).
# Runs at 0 s and at a realistic network latency (lib.sh LATENCIES), within 0.5 % at the latter.
source "$(dirname "$0")/lib.sh"
peak=$(board_peak A100-PCIe-80GB)
compute=$(calc "1e17 / ($peak * 0.5)")
end1=$(calc "1 + $compute")
end2=$(calc "1 + 2 * $compute")
for lat in $LATENCIES; do
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/two_jobs.yaml"
  t=$(lat_tol $lat 1e-6)
  s="$WORK/out$lat/stages.csv"
  check_near "job 1 pull time" 1 "$(csv_get "$s" job 1 pull_s)" "$t"
  check_near "job 1 end" "$end1" "$(csv_get "$s" job 1 end_s)" "$t"
  check_near "job 2 start (waits for the GPU)" "$end1" "$(csv_get "$s" job 2 start_s)" "$t"
  check_near "job 2 pull time (image cached)" 0 "$(csv_get "$s" job 2 pull_s)" "$t"
  check_near "job 2 end" "$end2" "$(csv_get "$s" job 2 end_s)" "$t"
  check_eq "jobs done" 2 "$(json "$WORK/out$lat/summary.json" .jobs.done)"
  check_near "makespan" "$end2" "$(json "$WORK/out$lat/summary.json" .makespan_s)" "$t"
done
finish
