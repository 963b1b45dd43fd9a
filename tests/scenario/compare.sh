#!/usr/bin/env bash
# vgpusim compare (SPEC 5), the CI regression gate, on two real packing runs of the openb
# scenario: FGD as baseline and random as candidate regresses the packing figures (exit 1);
# the other way round they improve (exit 0); allocation and utilisation over time are
# information only (a dominating run is never called a regression: quickstart worst-fit
# against first-fit); a run against itself is all ok (exit 0); explicit
# rules judge only their metrics; the JUnit report is valid XML with one failure per
# regression and the Markdown report holds the table, both written whatever the verdict;
# bad rules files and bad summaries exit 2 with located messages, every problem at once.
source "$(dirname "$0")/lib.sh"
scenario="$TESTS/scenario/data/openb_small.yaml"
run_ok fgd run "$scenario" --policy fgd --seed 1 --out "$WORK/fgd" --quiet
run_ok random run "$scenario" --policy random --seed 1 --out "$WORK/random" --quiet

# compare NAME ARGS...: runs vgpusim compare, output in $WORK/NAME.{out,err}; prints the exit code.
compare() {
  local name=$1; shift
  set +e
  "$VGPUSIM" compare "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  local rc=$?
  set -e
  echo "$rc"
}
# row NAME METRIC: the table row of METRIC, spaces squeezed.
row() { grep "^$2 " "$WORK/$1.out" | tr -s ' '; }
valid_xml() { python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "$1"; }

# FGD -> random: a regression of packing (a run directory and a summary.json both work).
check_eq "fgd -> random: exit" 1 "$(compare worse "$WORK/fgd" "$WORK/random/summary.json" \
  --junit "$WORK/worse.xml" --markdown "$WORK/worse.md")"
check_eq "allocation_mean row (information)" "gpus.allocation_mean - 0.597867 0.578505 -0.0193622 (-3.24%) - info" \
  "$(row worse gpus.allocation_mean)"
check_eq "allocated_pct_final row" "packing.allocated_pct_final higher 95.0955 88.3662 -6.7293 (-7.08%) 0.1 REGRESSED" \
  "$(row worse packing.allocated_pct_final)"
check_eq "energy row" "energy.total_kwh lower 2.808 2.808 0 2% ok" "$(row worse energy.total_kwh)"
check_eq "verdict" "REGRESSION: 2 of 12 metrics regressed (packing.allocated_pct_final, packing.allocated_pct_at_100); 0 improved, 10 ok; 2 for information" \
  "$(tail -1 "$WORK/worse.out")"
check_eq "same scenario and seed: no warning" "" "$(cat "$WORK/worse.err")"
if valid_xml "$WORK/worse.xml"; then pass "JUnit report is valid XML"; else fail "JUnit report is not valid XML"; fi
check_contains "JUnit" "$WORK/worse.xml" '<testsuite name="vgpusim compare" tests="14" failures="2"'
check_eq "JUnit: one testcase per metric" 14 "$(grep -c '<testcase ' "$WORK/worse.xml")"
check_contains "JUnit" "$WORK/worse.xml" '<failure type="regression" message="packing.allocated_pct_final regressed: 95.0955 -&gt; 88.3662'
check_contains "JUnit" "$WORK/worse.xml" 'gpus.allocation_mean (for information, not judged): 0.597867 -&gt; 0.578505'
check_contains "Markdown" "$WORK/worse.md" "| metric | better | baseline | candidate | change | tolerance | verdict |"
check_contains "Markdown" "$WORK/worse.md" "| \`packing.allocated_pct_final\` | higher | 95.0955 | 88.3662 | -6.7293 (-7.08%) | 0.1 | **regressed** |"
check_contains "Markdown" "$WORK/worse.md" "| \`gpus.allocation_mean\` | - | 0.597867 | 0.578505 | -0.0193622 (-3.24%) | - | info |"
check_contains "Markdown" "$WORK/worse.md" "**REGRESSION: 2 of 12 metrics regressed"
ls "$WORK"/*.tmp.* >/dev/null 2>&1 && fail "temporary files left behind" || pass "no temporary files left"

# random -> FGD: the same change is an improvement.
check_eq "random -> fgd: exit" 0 "$(compare better "$WORK/random" "$WORK/fgd" --junit "$WORK/better.xml")"
check_eq "verdict" "OK: no regression in 12 metrics; 2 improved, 10 ok; 2 for information" "$(tail -1 "$WORK/better.out")"
check_eq "allocation_mean: information" info "$(row better gpus.allocation_mean | awk '{ print $NF }')"
check_contains "JUnit written without regression" "$WORK/better.xml" 'tests="14" failures="0"'

# A run against itself, and a rerun of it (deterministic): everything ok.
check_eq "fgd -> fgd: exit" 0 "$(compare self "$WORK/fgd" "$WORK/fgd" --markdown "$WORK/self.md")"
check_eq "verdict" "OK: no regression in 12 metrics; 0 improved, 12 ok; 2 for information" "$(tail -1 "$WORK/self.out")"
check_contains "Markdown" "$WORK/self.md" "### vgpusim compare: no regression"

# A run that dominates on every outcome is never a regression: on the quickstart, worst-fit
# finishes the same 54 jobs with lower makespan, JCT, queueing delay, energy and cost than
# first-fit, and holds fewer GPUs on average (it finishes sooner). Built-in rules: exit 0,
# allocation for information; the other way round JCT regresses (exit 1); a rules file
# that asks for allocation gates it.
run_ok ff run "$REPO/scenarios/quickstart.yaml" --policy first-fit --out "$WORK/ff" --quiet
run_ok wf run "$REPO/scenarios/quickstart.yaml" --policy worst-fit --out "$WORK/wf" --quiet
for m in makespan_s jct_s.mean jct_s.p95 queue_delay_s.mean energy.total_kwh cost.total_usd; do
  if awk -v a="$(json "$WORK/wf/summary.json" ".$m")" -v b="$(json "$WORK/ff/summary.json" ".$m")" 'BEGIN { exit !(a < b) }'; then
    pass "worst-fit dominates: lower $m"
  else fail "worst-fit does not dominate first-fit on $m: the test's premise is gone"; fi
done
check_eq "dominating: same jobs done" "$(json "$WORK/ff/summary.json" .jobs.done)" "$(json "$WORK/wf/summary.json" .jobs.done)"
check_eq "first-fit -> worst-fit (dominates): exit" 0 "$(compare dominates "$WORK/ff" "$WORK/wf")"
check_eq "dominating: allocation fell, for information" info "$(row dominates gpus.allocation_mean | awk '{ print $NF }')"
check_eq "worst-fit -> first-fit (dominated): exit" 1 "$(compare dominated "$WORK/wf" "$WORK/ff")"
check_contains "dominated: JCT regressed" "$WORK/dominated.out" "REGRESSION: 1 of 10 metrics regressed (jct_s.mean)"
cat >"$WORK/alloc.yaml" <<'RULES'
version: 1
rules:
  - {metric: gpus.allocation_mean, better: higher, tolerance: 1%}
RULES
check_eq "a rules file gates allocation: exit" 1 "$(compare alloc "$WORK/ff" "$WORK/wf" --rules "$WORK/alloc.yaml")"

# Another seed: compared, with a warning on stderr.
run_ok seed2 run "$scenario" --policy fgd --seed 2 --out "$WORK/fgd2" --quiet
rc=$(compare seeds "$WORK/fgd" "$WORK/fgd2")
if [ "$rc" = 0 ] || [ "$rc" = 1 ]; then pass "different seeds: compared (exit $rc)"; else fail "different seeds: exit $rc"; fi
check_contains "stderr" "$WORK/seeds.err" "vgpusim compare: warning: the runs have different seeds: baseline 1, candidate 2"

# Explicit rules judge only their metrics: allocation within 10 points is fine.
cat >"$WORK/loose.yaml" <<'YAML'
version: 1
rules:
  - {metric: packing.allocated_pct_final, better: higher, tolerance: 10}
  - {metric: gpus.allocation_mean, better: higher, tolerance: 5%}
YAML
check_eq "loose rules: exit" 0 "$(compare loose "$WORK/fgd" "$WORK/random" --rules "$WORK/loose.yaml")"
check_eq "loose rules: verdict" "OK: no regression in 2 metrics; 0 improved, 2 ok" "$(tail -1 "$WORK/loose.out")"

# A rules file with typos: exit 2, every problem, located, with did-you-mean.
cat >"$WORK/typo.yaml" <<'YAML'
version: 1
rules:
  - {metric: gpus.allocation_mean, better: higher, tolerance: 1%}
  - {metric: packing.allocated_pct_final, beter: higher, tolerance: 0.1}
  - {metric: jct_s.p95, better: lower, tolerance: five}
YAML
check_eq "typo: exit" 2 "$(compare typo "$WORK/fgd" "$WORK/random" --rules "$WORK/typo.yaml" --junit "$WORK/typo.xml")"
check_contains "typo" "$WORK/typo.err" "$WORK/typo.yaml:4:43: rules[1].beter: unknown key 'beter'; did you mean 'better'? (allowed: metric, better, tolerance)"
check_contains "typo" "$WORK/typo.err" "$WORK/typo.yaml:4:5: rules[1].better: is required"
check_contains "typo" "$WORK/typo.err" "$WORK/typo.yaml:5:51: rules[2].tolerance: 'five' is not a tolerance"
check_contains "typo" "$WORK/typo.err" "3 problems found"
[ -e "$WORK/typo.xml" ] && fail "bad input still wrote the JUnit report" || pass "bad input: no report written"

cat >"$WORK/metric.yaml" <<'YAML'
version: 1
rules:
  - {metric: gpus.allocation_mea, better: higher, tolerance: 1%}
YAML
check_eq "unknown metric: exit" 2 "$(compare metric "$WORK/fgd" "$WORK/random" --rules "$WORK/metric.yaml")"
check_contains "unknown metric" "$WORK/metric.err" "$WORK/metric.yaml:3:14: rules[0].metric: 'gpus.allocation_mea' is not in the baseline ($WORK/fgd/summary.json), and is not in the candidate ($WORK/random/summary.json); did you mean 'gpus.allocation_mean'?"

# Bad summaries: all reported at once.
mkdir -p "$WORK/empty"
printf '{"schema_version": 1, "scenario": "x",\n' >"$WORK/truncated.json"
check_eq "missing inputs: exit" 2 "$(compare missing "$WORK/empty" "$WORK/nope.json" --rules "$WORK/nope.yaml")"
check_contains "missing rules" "$WORK/missing.err" "$WORK/nope.yaml: cannot read the rules file: No such file or directory"
check_contains "directory without a run" "$WORK/missing.err" "$WORK/empty: no summary.json in this directory"
check_contains "missing candidate" "$WORK/missing.err" "$WORK/nope.json: cannot read the summary: No such file or directory"
check_eq "invalid JSON: exit" 2 "$(compare truncated "$WORK/fgd" "$WORK/truncated.json")"
check_contains "invalid JSON" "$WORK/truncated.err" "$WORK/truncated.json:"
check_contains "invalid JSON" "$WORK/truncated.err" "invalid JSON"
sed 's/"schema_version": 1/"schema_version": 2/' "$WORK/random/summary.json" >"$WORK/v2.json"
check_eq "schema versions differ: exit" 2 "$(compare schema "$WORK/fgd" "$WORK/v2.json")"
check_contains "schema" "$WORK/schema.err" "$WORK/v2.json:2:21: schema_version: 2 differs from the baseline's 1"
check_eq "unwritable report: exit" 2 "$(compare unwritable "$WORK/fgd" "$WORK/fgd" --junit "$WORK/no/such/dir/r.xml")"
check_contains "unwritable" "$WORK/unwritable.err" "cannot write"

# Two sweeps of the same grid (seeds 1-3), fgd fixed for every point of the baseline,
# random for the candidate's; points are matched by their values and judged on the means
# over the seeds.
for side in fgd random; do
  cat >"$WORK/sweep-$side.yaml" <<YAML
version: 1
scenario: $TESTS/scenario/data/openb_small.yaml
set: {policy.placement: $side}
vary: {outputs.trace: [false]}
seeds: [1, 2, 3]
YAML
  "$VGPUSIM" sweep "$WORK/sweep-$side.yaml" --out "$WORK/sweep-$side" --jobs 2 --quiet
done
check_eq "sweeps fgd -> random: exit" 1 "$(compare sweeps "$WORK/sweep-fgd" "$WORK/sweep-random")"
check_contains "sweeps: the point's mean allocation regressed" "$WORK/sweeps.out" "p000 packing.allocated_pct_final"
check_contains "sweeps: verdict" "$WORK/sweeps.out" "REGRESSED"
check_eq "sweeps random -> fgd: exit" 0 "$(compare sweeps_back "$WORK/sweep-random/sweep.json" "$WORK/sweep-fgd")"
check_eq "a run against a sweep: exit" 2 "$(compare mixed "$WORK/fgd" "$WORK/sweep-fgd")"
check_contains "a run against a sweep" "$WORK/mixed.err" "compare two runs or two sweeps, not one of each"

for f in "$WORK"/*.err; do
  grep -q "internal error\|terminate called\|Aborted" "$f" && fail "$(basename "$f"): crashed"
done
finish
