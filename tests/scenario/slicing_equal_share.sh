#!/usr/bin/env bash
# equal_share, hand-computed (T = 100 s of whole-GPU work each, from the catalog's peak).
#   a computes from 0 while b, resident too, pulls its 1000 GB image (100 s at 80 Gbps):
#   a gets 1/N = 1/2 although b is idle: 0.5 T done at 100 s;
#   both busy from 100 s at 1/2: a ends at 100 + T = 200 s; b has 0.5 T done then;
#   a's release leaves b alone (N = 1): b ends at 200 + 0.5 T.
#   c arrives at 400 s alone: full speed, 400 + T.
# Runs at every lib.sh LATENCIES value (within 0.5 % at a non-zero latency).
source "$(dirname "$0")/lib.sh"
peak=$(board_peak A100-PCIe-80GB)
T=$(calc "1.56e16 / ($peak * 0.5)")
for lat in $LATENCIES; do
  t=$(lat_tol $lat 1e-6)
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/slicing_equal_share.yaml"
  s="$WORK/out$lat/stages.csv"
  check_near "b pull time" 100 "$(csv_get "$s" workflow b pull_s)" "$t"
  check_near "a ends" "$(calc "100 + $T")" "$(csv_get "$s" workflow a end_s)" "$t"
  check_near "b ends" "$(calc "200 + 0.5 * $T")" "$(csv_get "$s" workflow b end_s)" "$t"
  check_near "c alone at full speed" "$(calc "400 + $T")" "$(csv_get "$s" workflow c end_s)" "$t"
done
finish
