#!/usr/bin/env bash
# Equal-size refusal seen as waiting, hand-computed (T = 100 s):
#   a (A100D-20C, 1 T) takes GPU 0; b (A100D-40C, 0.5 T) cannot share it (one type per GPU)
#   and waits until a ends at T, then runs alone: ends at 1.5 T.
# Fragmentation: task types 20C and 40C, 1/2 each. With one 20C resident (250 milli) the
# free 750 milli serve 20C but not 40C: 0.5 x 750 = 375 milli, 0.375 of the pool. With the
# 40C (500 milli) resident the free 500 serve only 40C: 0.25.
# Runs at every lib.sh LATENCIES value (within 0.5 % at a non-zero latency).
source "$(dirname "$0")/lib.sh"
peak=$(board_peak A100-PCIe-80GB)
T=$(calc "1.56e16 / ($peak * 0.5)")
for lat in $LATENCIES; do
  t=$(lat_tol $lat 1e-6)
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/slicing_equal_refusal.yaml"
  s="$WORK/out$lat/stages.csv"
  check_near "b starts when a leaves" "$T" "$(csv_get "$s" workflow b start_s)" "$t"
  check_near "b queue delay" "$T" "$(csv_get "$s" workflow b queue_delay_s)" "$t"
  check_near "b ends" "$(calc "1.5 * $T")" "$(csv_get "$s" workflow b end_s)" "$t"
  tl="$WORK/out$lat/timeline.csv"
  check_eq "b waits at 0" 1 "$(csv_get "$tl" time_s 0 queue_length)"
  check_near "allocation at 0" 0.25 "$(csv_get "$tl" time_s 0 allocation.v)" 1e-9
  check_near "fragmentation at 0" 0.375 "$(csv_get "$tl" time_s 0 fragmentation.v)" 1e-9
  check_near "fragmentation with the 40C" 0.25 "$(csv_get "$tl" time_s "$(csv_get "$s" workflow b start_s)" fragmentation.v)" 1e-9
done
finish
