#!/usr/bin/env bash
# One LLM request alone (Llama-3.1-8B bf16, 1000 prompt + 100 output tokens), hand-computed
# from the catalog (docs/serving.md):
#   TTFT = max(2 N P / (peak x c x mfu), (W + kv P) / (bw x m x mbu))       (compute-bound)
#   step g = max(2 N / (peak x c x mfu), (W + kv (P + g)) / (bw x m x mbu)) (memory-bound)
#   TPOT = mean of the 99 decode steps; c, m: compute and memory fractions of the slice
#   (whole GPU 1, 1; MIG 3g.40gb SMs/board SMs, 4/8; a time-sliced quarter runs the
#   whole-GPU times at share 1/4).
source "$(dirname "$0")/lib.sh"
cat_json=$("$VGPUSIM" catalog --json)
expect() {  # BOARD C M SHARE -> "ttft tpot"
  jq -r --arg b "$1" '.gpus[] | select(.name == $b) | "\(.peak_flops.bf16) \(.memory_bandwidth)"' \
    <<<"$cat_json" | python3 -c '
import sys
peak, bw = map(float, sys.stdin.read().split())
c, m, share = map(float, sys.argv[1:4])
N, W, kv, P, O = 8.03e9, 8.03e9 * 2, 2 * 32 * 8 * 128 * 2, 1000, 100
it = lambda t, ctx: max(2 * N * t / (peak * c * 0.5), (W + kv * ctx) / (bw * m * 0.8)) / share
ttft = it(P, P)
tpot = sum(it(1, P + g) for g in range(1, O)) / (O - 1)
print(f"{ttft:.12g} {tpot:.12g}")' "$2" "$3" "$4"
}
# The network carries only the image pull and the weights: the token times are the same at
# every latency of LATENCIES (lib.sh).
for lat in $LATENCIES; do
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/llm_single.yaml"
  r="$WORK/out$lat/requests.csv"
  mig_c=$(jq -r '.gpus[] | select(.name == "H100-SXM5-80GB") |
    ([.mig_profiles[] | select(.name == "3g.40gb")][0].sm_count / .sm_count)' <<<"$cat_json")
  for row in "whole H100-SXM5-80GB 1 1 1" "mig H100-SXM5-80GB $mig_c 0.5 1" \
             "quarter A100-PCIe-80GB 1 1 0.25"; do
    set -- $row
    read -r ttft tpot < <(expect "$2" "$3" "$4" "$5")
    check_near "$1: TTFT (prefill formula)" "$ttft" "$(csv_get "$r" workflow "$1" ttft_mean_s)" 0.01
    check_near "$1: TPOT (memory-bound decode)" "$tpot" "$(csv_get "$r" workflow "$1" tpot_mean_s)" 0.01
    check_eq "$1: 100 iterations" 100 "$(csv_get "$r" workflow "$1" iterations)"
    # A prefill step and one merged step of 99 decode iterations: two execs, not 100.
    check_eq "$1: two execs" 2 "$(csv_get "$r" workflow "$1" batches)"
done
# The ratios the share model gives: MIG TTFT / whole TTFT = 1 / (SM fraction), TPOT 2x.
w=$(csv_get "$r" workflow whole ttft_mean_s); m=$(csv_get "$r" workflow mig ttft_mean_s)
check_near "MIG / whole TTFT = board SMs / 3g SMs" "$(awk -v c="$mig_c" 'BEGIN { print 1 / c }')" \
  "$(awk -v a="$m" -v b="$w" 'BEGIN { print a / b }')" 1e-6
check_near "MIG / whole TPOT = 8/4" 2 "$(awk -v a="$(csv_get "$r" workflow mig tpot_mean_s)" \
  -v b="$(csv_get "$r" workflow whole tpot_mean_s)" 'BEGIN { print a / b }')" 1e-6
done
finish
