#!/usr/bin/env bash
# Mixed-size vGPU placement and three-way best_effort, hand-computed (T = 100 s):
#   a (A100D-40C, 0.3 T), b and c (A100D-20C, 0.6 T and 0.9 T) fit one 80 GB GPU together;
#   three busy: 1/3 each, a ends at 0.9 T; b (0.3 T done) runs at 1/2: ends at 1.5 T;
#   c (0.6 T done) alone: ends at 1.8 T.
# Runs at every lib.sh LATENCIES value (within 0.5 % at a non-zero latency).
source "$(dirname "$0")/lib.sh"
peak=$(board_peak A100-PCIe-80GB)
T=$(calc "1.56e16 / ($peak * 0.5)")
for lat in $LATENCIES; do
  t=$(lat_tol $lat 1e-6)
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/slicing_mixed.yaml"
  s="$WORK/out$lat/stages.csv"
  check_eq "all three on GPU 0" "0 0 0" \
    "$(csv_get "$s" workflow a gpus) $(csv_get "$s" workflow b gpus) $(csv_get "$s" workflow c gpus)"
  check_eq "sizes" "A100D-40C A100D-20C" "$(csv_get "$s" workflow a slices) $(csv_get "$s" workflow c slices)"
  check_near "c starts at once" 0 "$(csv_get "$s" workflow c start_s)" 1e-9
  check_near "a ends" "$(calc "0.9 * $T")" "$(csv_get "$s" workflow a end_s)" "$t"
  check_near "b ends" "$(calc "1.5 * $T")" "$(csv_get "$s" workflow b end_s)" "$t"
  check_near "c ends" "$(calc "1.8 * $T")" "$(csv_get "$s" workflow c end_s)" "$t"
  check_near "allocation at 0 (500 + 250 + 250 milli)" 1 "$(csv_get "$WORK/out$lat/timeline.csv" time_s 0 allocation.v)" 1e-9
done
finish
