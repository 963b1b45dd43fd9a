#!/usr/bin/env bash
# vgpusim plan through the binary on the two-jobs scenario (two training jobs on one GPU
# each; U = one job's compute time): with 1 server the second job waits for the first, with
# 2 they run side by side. A makespan target between the two picks 2 servers; a target no
# fleet meets exits 1 with the evidence; a bad target exits 2 before anything runs.
source "$(dirname "$0")/lib.sh"
write_plan() {  # FILE MAKESPAN_MAX
  cat >"$1" <<YAML
version: 1
name: servers
scenario: $TESTS/scenario/data/two_jobs.yaml
vary:
  datacenter.pools[0].count: [1, 2, 3]
targets:
  - {metric: makespan_s, max: $2}
  - {metric: jobs.done, min: 2}
YAML
}
peak=$(board_peak A100-PCIe-80GB)
u=$(awk -v p="$peak" 'BEGIN { printf "%.0f", 1e17 / (p * 0.5) }')
write_plan "$WORK/ok.yaml" "$((u + u / 2))s"
run_ok ok plan "$WORK/ok.yaml" --out "$WORK/ok" --jobs 2
check_contains "the answer" "$WORK/ok.out" "cheapest point meeting every target: p001 (datacenter.pools[0].count=2)"
check_contains "the evidence: why 1 server is not enough" "$WORK/ok.out" "p000 datacenter.pools[0].count=1"
check_contains "3 servers meet it too, at a higher cost" "$WORK/ok.out" "p002 datacenter.pools[0].count=3 cost.total_usd"
check_eq "plan.json: chosen" p001 "$(json "$WORK/ok/plan.json" .chosen)"
check_eq "plan.json: p000 infeasible" false "$(json "$WORK/ok/plan.json" '.points[0].feasible')"
c1=$(json "$WORK/ok/plan.json" '.points[1].cost'); c2=$(json "$WORK/ok/plan.json" '.points[2].cost')
if awk -v a="$c1" -v b="$c2" 'BEGIN { exit !(a < b) }'; then pass "2 servers cost less than 3 ($c1 < $c2)"; else fail "costs $c1, $c2"; fi
# plan.html: the chosen point highlighted, each point against each target, the scatter of
# cost against the binding target (makespan: the one the cheaper p000 misses).
h="$WORK/ok/plan.html"
check_contains "plan.html: the answer" "$h" "Cheapest point meeting every target at every seed: <b>p001</b>"
check_contains "plan.html: the chosen row" "$h" '<tr class="chosen"><td>p001 <b>chosen</b></td>'
check_eq "plan.html: p000 misses the makespan" 1 "$(grep -c '<tr><td>p000</td><td>1</td><td>[^<]*</td><td class="bad">' "$h")"
check_contains "plan.html: the binding target" "$h" "against its worst seed on <code>makespan_s &lt;= "
check_contains "plan.html: the chosen point named on the scatter" "$h" "p001 (chosen)</text>"
check_eq "plan.html: one chart per target, plus the scatter" 3 "$(grep -c '<svg ' "$h")"

write_plan "$WORK/none.yaml" "$((u / 2))s"
run_rc 1 none plan "$WORK/none.yaml" --out "$WORK/none" --jobs 2
check_contains "no feasible fleet: said" "$WORK/none.out" "no point meets every target"
check_contains "no feasible fleet: the miss of each point" "$WORK/none.out" "misses: makespan_s = "
check_eq "plan.json: chosen null" null "$(json "$WORK/none/plan.json" .chosen)"
check_contains "plan.html: none chosen" "$WORK/none/plan.html" "No point meets every target at every seed."

write_plan "$WORK/bad.yaml" "soon"
run_rc 2 bad plan "$WORK/bad.yaml" --out "$WORK/bad"
check_contains "bad target: located" "$WORK/bad.err" \
  "$WORK/bad.yaml:7:31: targets[0].max: 'soon' is not a number or a duration"
if [ -e "$WORK/bad/runs" ]; then fail "runs started despite a bad plan"; else pass "nothing ran"; fi

# cases: named sets of overrides applied together (here the pool size and the policy).
cat >"$WORK/cases.yaml" <<YAML
version: 1
name: cases
scenario: $TESTS/scenario/data/two_jobs.yaml
cases:
  - name: one
    set: {"datacenter.pools[0].count": 1, policy.placement: first-fit}
  - name: two
    set: {"datacenter.pools[0].count": 2, policy.placement: best-fit}
vary:
  policy.queue: [fifo, sjf]
targets:
  - {metric: makespan_s, max: $((u + u / 2))s}
YAML
run_ok cases plan "$WORK/cases.yaml" --out "$WORK/cases" --jobs 2
check_contains "cases: the answer names the case" "$WORK/cases.out" \
  "cheapest point meeting every target: p002 (case=two, policy.queue=fifo)"
check_eq "cases: both keys of the case applied" "datacenter.pools[0].count=2 policy.placement=best-fit policy.queue=fifo" \
  "$(awk 'p { printf "%s%s", sep, $0; sep = " " } { p = ($0 == "--set") }' "$WORK/cases/runs/p002/sweep-args.txt")"
check_eq "cases: runs.csv has the case column" "case" "$(head -1 "$WORK/cases/points.csv" | cut -d, -f3)"
sed 's/policy.placement: best-fit}/policy.placement: bestfit}/' "$WORK/cases.yaml" >"$WORK/badcase.yaml"
run_rc 2 badcase plan "$WORK/badcase.yaml" --out "$WORK/badcase"
check_contains "a case's bad value: located in the case" "$WORK/badcase.err" \
  "$WORK/badcase.yaml:8:43: cases[1].set.policy.placement: unknown placement policy 'bestfit'"

# The shipped plans answer as documented.
run_ok llm plan "$REPO/plans/llm-8b-slicing.yaml" --out "$WORK/llm" --jobs 2 --quiet
check_contains "LLM slicing plan: the whole H100" "$WORK/llm.out" \
  "cheapest point meeting every target: p000 (case=h100-passthrough)"
check_contains "LLM slicing plan: MIG 3g meets the targets too" "$WORK/llm.out" \
  "p001 case=h100-mig-3g cost.total_usd"
check_contains "LLM slicing plan: time-sliced L40S halves miss TTFT" "$WORK/llm.out" \
  "p002 case=l40s-halves"
run_ok shipped plan "$REPO/plans/quickstart-plan.yaml" --out "$WORK/shipped" --jobs 2 --quiet
check_contains "shipped plan: 6 A100 servers, first-fit" "$WORK/shipped.out" \
  "cheapest point meeting every target: p004 (datacenter.pools[0].count=6, policy.placement=first-fit)"
finish
