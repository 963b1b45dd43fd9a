#!/usr/bin/env bash
# Fractional sharing, hand-computed: a sharer runs at milli/1000 of the GPU.
#   a: 300 milli, 0.3 T of whole-GPU work (T = 100 s) -> ends at 100 s;
#   b: 500 milli, 1 T -> ends at 200 s;
#   c: 400 milli does not fit (300 + 500 + 400 > 1000): waits until a leaves at 100 s,
#      then 0.2 T at 0.4 -> ends at 150 s.
# Fragmentation (docs/outputs.md): task types 300, 500, 400 milli, 1/3 each. From 0 to
# 100 s 200 milli are free and no type fits there: fragmentation 0.2 of the pool; from 100
# to 150 s 100 free milli, 0.1; then 500 free milli fit every type: 0.
# Runs at every lib.sh LATENCIES value (within 0.5 % at a non-zero latency).
source "$(dirname "$0")/lib.sh"
peak=$(board_peak A100-PCIe-80GB)
T=$(calc "1.56e16 / ($peak * 0.5)")
for lat in $LATENCIES; do
  t=$(lat_tol $lat 1e-6)
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/slicing_shared.yaml"
  s="$WORK/out$lat/stages.csv"
  check_near "a ends" "$(calc "0.3 * $T / 0.3")" "$(csv_get "$s" workflow a end_s)" "$t"
  check_near "b ends" "$(calc "$T / 0.5")" "$(csv_get "$s" workflow b end_s)" "$t"
  check_near "c waits for a" "$(calc "$T")" "$(csv_get "$s" workflow c start_s)" "$t"
  check_near "c ends" "$(calc "$T + 0.2 * $T / 0.4")" "$(csv_get "$s" workflow c end_s)" "$t"
  tl="$WORK/out$lat/timeline.csv"
  check_eq "queue at 0" 1 "$(csv_get "$tl" time_s 0 queue_length)"
  check_near "allocation at 0" 0.8 "$(csv_get "$tl" time_s 0 allocation.s)" 1e-9
  check_near "fragmentation at 0" 0.2 "$(csv_get "$tl" time_s 0 fragmentation.s)" 1e-9
  check_near "fragmentation at 100 s" 0.1 "$(csv_get "$tl" time_s 100 fragmentation.s)" 1e-9
  check_near "fragmentation at 150 s" 0 "$(csv_get "$tl" time_s 150 fragmentation.s)" 1e-9
  # gpus.csv: 0.2 x 100 s + 0.1 x 50 s of fragmented GPU time over a 200 s run.
  check_near "fragmented GPU seconds" 25 "$(csv_get "$WORK/out$lat/gpus.csv" gpu 0 fragmented_gpu_s)" "$t"
  check_near "mean fragmentation" 0.125 "$(csv_get "$WORK/out$lat/gpus.csv" gpu 0 fragmentation)" "$t"
done
finish
