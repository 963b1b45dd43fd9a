#!/usr/bin/env bash
# fixed_share, hand-computed: an A100D-20C (max_equal 4 on the A100-PCIe-80GB, read from
# the catalog) always runs at 1/4 of the GPU. T = whole-GPU time of 1.56e16 FLOP.
#   a (1 T) and b (0.5 T) from 0: b ends at 0.5 T x 4, a at 1 T x 4 (not faster once b
#   is gone); c alone from 1000 s: 1000 + 4 T.
# Runs at every lib.sh LATENCIES value (within 0.5 % at a non-zero latency).
source "$(dirname "$0")/lib.sh"
cat_json=$("$VGPUSIM" catalog --json)
peak=$(jq -r '.gpus[] | select(.name == "A100-PCIe-80GB") | .peak_flops.bf16' <<<"$cat_json")
max=$(jq -r '[.gpus[] | select(.name == "A100-PCIe-80GB") | .vgpu_types[] | select(.name == "A100D-20C")][0].max_equal' <<<"$cat_json")
check_eq "A100D-20C max_equal" 4 "$max"
T=$(calc "1.56e16 / ($peak * 0.5)")
for lat in $LATENCIES; do
  t=$(lat_tol $lat 1e-6)
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/slicing_fixed_share.yaml"
  s="$WORK/out$lat/stages.csv"
  check_near "b ends at 1/4" "$(calc "0.5 * $T * $max")" "$(csv_get "$s" workflow b end_s)" "$t"
  check_near "a ends at 1/4" "$(calc "$T * $max")" "$(csv_get "$s" workflow a end_s)" "$t"
  check_near "c alone at 1/4" "$(calc "1000 + $T * $max")" "$(csv_get "$s" workflow c end_s)" "$t"
done
finish
