#!/usr/bin/env bash
# The Alibaba openb packing experiment through `vgpusim run` on a reduced cluster (every
# 20th server of the default node list: 61 servers, 314 GPUs; the default pod list
# inflated to 1.3 x its capacity, a few hundred tasks). Checks: the curve file's shape and
# its agreement with summary.json; tasks arrived = placed + dropped; allocation never
# falls; FGD allocates at least as much as random (mean over seeds 1..3, and at every one
# of them on this trace); on_wait: queue places exactly the same tasks (nothing leaves,
# so a task that does not fit now never will); the run is deterministic; bad imports exit 2.
source "$(dirname "$0")/lib.sh"
scenario="$TESTS/scenario/data/openb_small.yaml"

final() { json "$1/summary.json" .packing.allocated_pct_final; }
for policy in fgd random; do
  for seed in 1 2 3; do
    run_ok "$policy-$seed" run "$scenario" --policy "$policy" --seed "$seed" --out "$WORK/$policy-$seed" --quiet
  done
done

out="$WORK/fgd-1"
curve="$out/allocation_curve.csv"
check_eq "curve header" "arrived_pct,allocated_pct,tasks" "$(head -1 "$curve")"
check_eq "curve rows (0..130)" 131 "$(tail -n +2 "$curve" | wc -l | tr -d ' ')"
check_eq "curve x column" "$(seq 0 130 | tr '\n' ' ')" "$(tail -n +2 "$curve" | cut -d, -f1 | tr '\n' ' ')"
arrived=$(json "$out/summary.json" .packing.tasks.arrived)
placed=$(json "$out/summary.json" .packing.tasks.placed)
dropped=$(json "$out/summary.json" .packing.tasks.dropped)
check_eq "curve tasks sum = tasks arrived" "$arrived" "$(awk -F, 'NR > 1 { s += $3 } END { print s }' "$curve")"
check_eq "arrived = placed + dropped" "$arrived" "$((placed + dropped))"
if [ "$arrived" -ge 200 ] && [ "$arrived" -le 1000 ]; then pass "$arrived tasks (a few hundred)"; else fail "$arrived tasks"; fi
if [ "$dropped" -gt 0 ]; then pass "$dropped tasks dropped at 130%"; else fail "nothing dropped at 130%"; fi
check_eq "invalid decisions" 0 "$(json "$out/summary.json" .packing.tasks.invalid)"
check_eq "allocation never falls (bins with tasks)" ok "$(awk -F, 'NR > 1 && $3 > 0 { if ($2 < prev - 1e-9) bad = 1; prev = $2 } END { print bad ? "falls" : "ok" }' "$curve")"
a100=$(json "$out/summary.json" .packing.allocated_pct_at_100)
check_near "allocated_pct_at_100 = curve bin 100" "$(csv_get "$curve" arrived_pct 100 allocated_pct)" "$a100" 1e-9
last_bin=$(awk -F, 'NR > 1 && $3 > 0 { v = $2 } END { print v }' "$curve")
if awk -v a="$(final "$out")" -v b="$last_bin" 'BEGIN { exit !(a >= b - 1e-9 && a <= 100) }'; then
  pass "final allocation $(final "$out") % >= last bin $last_bin % and <= 100"
else
  fail "final allocation $(final "$out") vs last bin $last_bin"
fi
arr_final=$(json "$out/summary.json" .packing.arrived_pct_final)
if awk -v a="$arr_final" 'BEGIN { exit !(a > 125 && a <= 130) }'; then pass "arrived $arr_final % of capacity"; else fail "arrived $arr_final %"; fi

# The report draws the curve and says tasks, not jobs.
run_ok report run "$scenario" --policy fgd --seed 1 --set outputs.report=true --out "$WORK/report" --quiet
html="$WORK/report/report.html"
check_contains "report: packing section" "$html" "<h2>Packing: allocation against arrived workload</h2>"
check_contains "report: tasks card" "$html" "<h3>Tasks</h3>"
check_contains "report: placed figure" "$html" "<tr><td>placed</td><td class=\"v\">$placed</td></tr>"
if grep -q "<h2>Job completion time</h2>" "$html"; then fail "report: job sections in a packing run"; else pass "report: no job sections"; fi

# FGD against random, per seed and on average.
sum_f=0; sum_r=0
for seed in 1 2 3; do
  f=$(final "$WORK/fgd-$seed"); r=$(final "$WORK/random-$seed")
  echo "seed $seed: fgd $f %, random $r %"
  if awk -v f="$f" -v r="$r" 'BEGIN { exit !(f >= r) }'; then pass "seed $seed: fgd >= random"; else fail "seed $seed: fgd $f < random $r"; fi
  sum_f=$(awk -v s="$sum_f" -v x="$f" 'BEGIN { print s + x }'); sum_r=$(awk -v s="$sum_r" -v x="$r" 'BEGIN { print s + x }')
done
if awk -v f="$sum_f" -v r="$sum_r" 'BEGIN { exit !(f >= r) }'; then pass "mean over 3 seeds: fgd >= random"; else fail "mean: fgd < random"; fi

# Same scenario and seed: byte-identical summary.json.
run_ok again run "$scenario" --policy fgd --seed 1 --out "$WORK/again" --quiet
if cmp -s "$out/summary.json" "$WORK/again/summary.json"; then pass "deterministic summary.json"; else fail "summary.json differs between two runs"; fi
if cmp -s "$curve" "$WORK/again/allocation_curve.csv"; then pass "deterministic curve"; else fail "curve differs"; fi

# on_wait: queue keeps unplaceable tasks and offers them again at every arrival; as nothing
# leaves, the same tasks get placed and the dropped ones end up waiting.
run_ok queue run "$scenario" --policy fgd --seed 1 --set policy.on_wait=queue --out "$WORK/queue" --quiet
check_eq "on_wait queue: placed" "$placed" "$(json "$WORK/queue/summary.json" .packing.tasks.placed)"
check_eq "on_wait queue: waiting at the end" "$dropped" "$(json "$WORK/queue/summary.json" .packing.tasks.waiting)"

# Bad imports: clear, located errors and exit 2.
expect_error() {  # NAME TEXT SET...
  local name=$1 text=$2; shift 2
  set +e
  "$VGPUSIM" run "$scenario" --out "$WORK/bad" --quiet "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  local rc=$?
  set -e
  check_eq "$name: exit code" 2 "$rc"
  check_contains "$name: stderr" "$WORK/$name.err" "$text"
}
expect_error unknown_format "workflows.import.format: unknown trace format 'alibaba'; known: alibaba-openb" --set workflows.import.format=alibaba
expect_error missing_nodes "datacenter.import.nodes: " --set datacenter.import.nodes=nope.csv
expect_error bad_key "workflows.import.inflat: unknown key 'inflat'; did you mean 'inflate'?" --set workflows.import.inflat=2
finish
