#!/usr/bin/env bash
# SPEC 6: "a synthetic month on 10,000 GPUs with 1,000,000 stage executions: under 60 s and
# under 4 GiB on one core". Runs bench/data/synthetic_month.yaml with STAGES stage executions
# (default 1,000,000, a third per workflow stage) spread over 30 days, pinned to one core,
# and fails when the run takes 60 s or more or its peak RSS reaches 4 GiB (no
# extrapolation: a smaller STAGES only prints its figures). docs/performance.md records them.
source "$(dirname "$0")/lib.sh"
: "${STAGES:=1000000}"
jobs=$((STAGES / 3))
rate=$(awk -v n="$jobs" 'BEGIN { printf "%.9g/s", n / (30 * 86400) }')
args=(run "$REPO/bench/data/synthetic_month.yaml" --out "$WORK/out" --quiet
  --set "workflows[0].arrival.count=$jobs" --set "workflows[0].arrival.rate=$rate"
  --set "workflows[1].arrival.count=$jobs" --set "workflows[1].arrival.rate=$rate")
t0=$(date +%s.%N)
rss=$( { /usr/bin/time -f "%M" "${pin[@]}" "$VGPUSIM" "${args[@]}" >/dev/null; } 2>&1 | tail -1)
t1=$(date +%s.%N)
t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
done_stages=$(jq -r .stages.done "$WORK/out/summary.json")
echo "synthetic month: $done_stages stages on 10,000 GPUs in $t s wall, peak RSS $((rss / 1024)) MiB"
awk -v n="$done_stages" -v t="$t" 'BEGIN { printf "rate %.0f stages/s (target: 1,000,000 stages in < 60 s, < 4 GiB)\n", n / t }'
[ "$STAGES" -lt 1000000 ] && exit 0
awk -v n="$done_stages" -v t="$t" -v m="$rss" 'BEGIN { exit !(n >= 999999 && t < 60 && m < 4 * 1024 * 1024) }'
