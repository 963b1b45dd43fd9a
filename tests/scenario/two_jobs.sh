#!/usr/bin/env bash
# Two jobs on one whole GPU, checked against completion times computed by hand:
#   image pull: 10 GB over the 80 Gbps (10 GB/s) storage link = 1 s, then unpacked on the
#   server at the default server.image_extract_rate, 40 MB/s: 250 s; once per server;
#   compute: 1e17 FLOP / (bf16 peak x mfu 0.5) on the A100-PCIe-80GB;
#   job 2 arrives at 10 s and waits for the GPU (FIFO, passthrough).
# Runs at 0 s and at a realistic network latency (lib.sh LATENCIES), within 0.5 % at the latter.
source "$(dirname "$0")/lib.sh"
peak=$(board_peak A100-PCIe-80GB)
compute=$(calc "1e17 / ($peak * 0.5)")
end1=$(calc "251 + $compute")
end2=$(calc "251 + 2 * $compute")
for lat in $LATENCIES; do
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/two_jobs.yaml"
  t=$(lat_tol $lat 1e-6)
  s="$WORK/out$lat/stages.csv"
  check_near "job 1 pull time" 251 "$(csv_get "$s" job 1 pull_s)" "$t"
  check_near "job 1 end" "$end1" "$(csv_get "$s" job 1 end_s)" "$t"
  check_near "job 2 start (waits for the GPU)" "$end1" "$(csv_get "$s" job 2 start_s)" "$t"
  check_near "job 2 pull time (image cached)" 0 "$(csv_get "$s" job 2 pull_s)" "$t"
  check_near "job 2 end" "$end2" "$(csv_get "$s" job 2 end_s)" "$t"
  check_eq "jobs done" 2 "$(json "$WORK/out$lat/summary.json" .jobs.done)"
  check_near "makespan" "$end2" "$(json "$WORK/out$lat/summary.json" .makespan_s)" "$t"
  # The pool's own unpacking rate, and 0: the download alone.
  run_at $lat "$WORK/rate$lat" "$TESTS/scenario/data/two_jobs.yaml" \
    --set datacenter.pools[0].server.image_extract_rate=100MB/s
  check_near "job 1 pull time at 100 MB/s" 101 "$(csv_get "$WORK/rate$lat/stages.csv" job 1 pull_s)" "$t"
  run_at $lat "$WORK/none$lat" "$TESTS/scenario/data/two_jobs.yaml" \
    --set datacenter.pools[0].server.image_extract_rate=0B/s
  check_near "job 1 pull time, no unpacking" 1 "$(csv_get "$WORK/none$lat/stages.csv" job 1 pull_s)" "$t"
done
finish
