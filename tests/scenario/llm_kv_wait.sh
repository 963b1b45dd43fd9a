#!/usr/bin/env bash
# KV capacity, hand-computed (docs/serving.md): Llama-3.1-8B bf16 on an L40S-24C:
#   usable = 24 GiB x 0.9 - 8.03e9 x 2 B - 1 GiB; blocks = floor(usable / (128 KiB x 16)) = 2889;
#   a request of 19000 + 200 tokens reserves 1200 blocks: two fit, the third waits.
# A and B: one prefill iteration of 38000 tokens, then 199 decode iterations of 2 tokens;
# C is admitted when they finish: its prefill, then 199 decode iterations alone.
source "$(dirname "$0")/lib.sh"
read -r peak bw < <("$VGPUSIM" catalog --json |
  jq -r '.gpus[] | select(.name == "L40S") | "\(.peak_flops.bf16) \(.memory_bandwidth)"')
read -r t1 end1 ttft_c end_c cap < <(python3 -c '
import math, sys
peak, bw = float(sys.argv[1]), float(sys.argv[2])
N, W, kv, P, O = 8.03e9, 8.03e9 * 2, 131072, 19000, 200
it = lambda t, ctx: max(2 * N * t / (peak * 0.5), (W + kv * ctx) / (bw * 0.8))
cap = math.floor((24576 * 2**20 * 0.9 - W - 2**30) / (kv * 16))
t1 = it(2 * P, 2 * P)
end1 = t1 + sum(it(2, 2 * (P + g)) for g in range(1, O))
ttft_c = end1 + it(P, P)
end_c = ttft_c + sum(it(1, P + g) for g in range(1, O))
print(f"{t1:.12g} {end1:.12g} {ttft_c:.12g} {end_c:.12g} {cap}")' "$peak" "$bw")
# Token times do not involve the network: the same at every latency of LATENCIES (lib.sh).
for lat in $LATENCIES; do
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/llm_kv_wait.yaml"
  r="$WORK/out$lat/requests.csv"
  check_eq "KV capacity (blocks)" "$cap" "$(jq -r '.services[0].llm.kv_capacity_blocks' "$WORK/out$lat/summary.json")"
  check_near "KV peak: two sequences of 1200 blocks" "$(awk -v c="$cap" 'BEGIN { printf "%.12g", 2400 / c }')" \
    "$(csv_get "$r" stage serve kv_peak)" 1e-9
  check_near "A, B: TTFT = one prefill of both prompts" "$t1" "$(csv_get "$r" stage serve ttft_p50_s)" 1e-3
  check_near "C waits for A and B: TTFT" "$ttft_c" "$(jq -r '.services[0].llm.ttft_s.max' "$WORK/out$lat/summary.json")" 1e-9
  check_near "C ends last" "$end_c" "$(csv_get "$r" stage serve latency_max_s)" 1e-9
  check_eq "all three served" 3 "$(csv_get "$r" stage serve served)"
  # KV occupancy over time: two sequences' blocks until A and B end, then one.
  kv="$WORK/out$lat/kv_occupancy.csv"
  check_near "KV occupancy in the first interval" "$(awk -v c="$cap" 'BEGIN { printf "%.12g", 2400 / c }')" \
    "$(awk -F, 'NR == 2 { print $4 }' "$kv")" 1e-6
  check_near "KV occupancy in the last interval" "$(awk -v c="$cap" 'BEGIN { printf "%.12g", 1200 / c }')" \
    "$(tail -1 "$kv" | cut -d, -f4)" 1e-6
  check_contains "report" "$WORK/out$lat/report.html" "Time to first token per LLM service"
  check_contains "report" "$WORK/out$lat/report.html" "KV-cache occupancy of LLM services"
done
finish
