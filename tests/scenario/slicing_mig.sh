#!/usr/bin/env bash
# MIG isolation, hand-computed: a 3g.40gb instance runs at its SM share of the board
# (catalog: 3g.40gb SMs / board SMs, i.e. 3/7 x the MIG-mode factor), busy neighbour or not.
#   a (1 T) and b (0.5 T) on two 3g.40gb of GPU 0 from 0: b ends at 0.5 T / f, a at T / f;
#   c alone from 1000 s: 1000 + T / f (same speed as with a neighbour).
# Runs at every lib.sh LATENCIES value (within 0.5 % at a non-zero latency).
source "$(dirname "$0")/lib.sh"
cat_json=$("$VGPUSIM" catalog --json)
gpu='.gpus[] | select(.name == "A100-PCIe-80GB")'
peak=$(jq -r "$gpu | .peak_flops.bf16" <<<"$cat_json")
f=$(jq -r "$gpu | ([.mig_profiles[] | select(.name == \"3g.40gb\")][0].sm_count / .sm_count)" <<<"$cat_json")
check_near "3g.40gb fraction = 3/7 x mig_efficiency" \
  "$(jq -r "$gpu | 3 / 7 * .mig_efficiency" <<<"$cat_json")" "$f" 1e-3
T=$(calc "1.56e16 / ($peak * 0.5)")
for lat in $LATENCIES; do
  t=$(lat_tol $lat 1e-6)
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/slicing_mig.yaml"
  s="$WORK/out$lat/stages.csv"
  check_eq "a and b on GPU 0" "0 0" "$(csv_get "$s" workflow a gpus) $(csv_get "$s" workflow b gpus)"
  check_eq "a's slice" "A100D-3-40C" "$(csv_get "$s" workflow a slices)"
  check_near "b ends" "$(calc "0.5 * $T / $f")" "$(csv_get "$s" workflow b end_s)" "$t"
  check_near "a ends (unaffected by b)" "$(calc "$T / $f")" "$(csv_get "$s" workflow a end_s)" "$t"
  check_near "c alone: same speed" "$(calc "1000 + $T / $f")" "$(csv_get "$s" workflow c end_s)" "$t"
done
finish
