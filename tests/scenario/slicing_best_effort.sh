#!/usr/bin/env bash
# best_effort time slicing, hand-computed. Two A100D-40C vGPUs on one A100-PCIe-80GB; a
# whole GPU does 1.56e16 FLOP (bf16 peak x mfu 0.5) in T = 100 s (read from the catalog).
#   a (1 T) and b (2 T) start at 0 and share the GPU, 1/2 each: a ends at 2 T;
#   b has done 1 T then, and runs alone at full speed: ends at 3 T.
#   c arrives at 400 s on an idle GPU: 400 + T.
# With switch_overhead 0.1 two busy vGPUs share 1 - 0.1 = 0.9 of the GPU: a ends at
# T / 0.45, b (1 T done then) ends T later; this path bounds the execs and replaces them.
# Runs at every lib.sh LATENCIES value (within 0.5 % at a non-zero latency).
source "$(dirname "$0")/lib.sh"
data="$TESTS/scenario/data/slicing_best_effort.yaml"
peak=$(board_peak A100-PCIe-80GB)
T=$(calc "1.56e16 / ($peak * 0.5)")

for lat in $LATENCIES; do
  t=$(lat_tol $lat 1e-6)
  run_at $lat "$WORK/plain$lat" "$data"
  s="$WORK/plain$lat/stages.csv"
  check_eq "a and b share GPU 0" "0 0" "$(csv_get "$s" workflow a gpus) $(csv_get "$s" workflow b gpus)"
  check_near "a ends (1/2 of the GPU)" "$(calc "2 * $T")" "$(csv_get "$s" workflow a end_s)" "$t"
  check_near "b ends (then alone)" "$(calc "3 * $T")" "$(csv_get "$s" workflow b end_s)" "$t"
  check_near "c alone at full speed" "$(calc "400 + $T")" "$(csv_get "$s" workflow c end_s)" "$t"
  check_near "b compute time" "$(calc "3 * $T")" "$(csv_get "$s" workflow b compute_s)" "$t"
  # Utilisation: the GPU computes from 0 to 3 T and from 400 to 400 + T.
  check_near "GPU busy seconds" "$(calc "4 * $T")" "$(csv_get "$WORK/plain$lat/gpus.csv" gpu 0 busy_gpu_s)" "$t"

  run_ok overhead run "$data" --out "$WORK/overhead$lat" --quiet --set datacenter.network.latency=$lat --set datacenter.pools[0].vgpu.switch_overhead=0.1
  s="$WORK/overhead$lat/stages.csv"
  a_end=$(calc "$T / 0.45")
  check_near "a ends (0.45 of the GPU)" "$a_end" "$(csv_get "$s" workflow a end_s)" "$t"
  check_near "b ends (alone, no overhead)" "$(calc "$a_end + $T")" \
    "$(csv_get "$s" workflow b end_s)" "$t"
  check_near "c alone at full speed" "$(calc "400 + $T")" "$(csv_get "$s" workflow c end_s)" "$t"
done
finish
