#!/usr/bin/env bash
# Issue 11, deep queue: the cost of a scheduling decision must not grow with the number of
# requests waiting. bench/data/dense_t4.yaml shrunk to 10 servers (40 T4 GPUs) with N tasks
# submitted at once, so that almost all of them wait, run to the end under fifo, fifo with
# EASY backfilling, and sjf, for N = 1,000, 10,000 and 100,000. Each request is decided
# once it reaches the front, with the queue between N and 0 deep meanwhile, so the cost
# per request, (wall(N) - wall(1)) / N, stays flat only if a decision's cost does not grow
# with the queue. Fails when the 100,000 figure exceeds twice the 1,000 figure for any
# discipline. One core (taskset); docs/performance.md records the figures.
source "$(dirname "$0")/lib.sh"

deep() {  # runs, tasks, --set arguments...: the best wall time of `runs` runs
  local k=$1 n=$2 t
  shift 2
  t=$(best_of "$k" run "$REPO/bench/data/dense_t4.yaml" --out "$WORK/out" --quiet \
    --set datacenter.pools[0].count=10 --set "workflows[0].arrival.count=$n" \
    --set "workflows[0].arrival.rate=$n/s" "$@")
  [ "$(jq -r .stages.done "$WORK/out/summary.json")" = "$n" ] || { echo "not every task ran" >&2; exit 1; }
  echo "$t"
}

fail=0
for disc in fifo easy sjf; do
  case $disc in
    fifo) args=(--set policy.queue=fifo) ;;
    easy) args=(--set policy.queue=fifo --set policy.backfill=easy) ;;
    sjf) args=(--set policy.queue=sjf) ;;
  esac
  base=$(deep 3 1 "${args[@]}")
  line="deep queue $disc: base $base s;"
  per=()
  points=""
  for n in 1000 10000 100000; do
    w=$(deep "$([ "$n" -ge 100000 ] && echo 1 || echo 3)" "$n" "${args[@]}")
    points+="$n $(awk -v w="$w" -v b="$base" 'BEGIN { print w - b }')"$'\n'
    us=$(awk -v w="$w" -v b="$base" -v n="$n" 'BEGIN { v = (w - b) / n * 1e6; printf "%.1f", v < 0 ? 0 : v }')
    per+=("$us")
    line="$line $n waiting: $w s ($us us/request);"
  done
  ratio=$(awk -v a="${per[0]}" -v b="${per[2]}" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }')
  echo "$line 100k/1k per-request ratio $ratio (target <= 2)"
  printf '%s' "$points" | loglog_plot "deep queue $disc: seconds past start-up against requests"
  awk -v r="$ratio" 'BEGIN { exit !(r <= 2.0) }' || fail=1
done
exit $fail
