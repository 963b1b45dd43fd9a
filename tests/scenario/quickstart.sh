#!/usr/bin/env bash
# The shipped quickstart runs, writes every output file, and its tables agree with its
# summary; a second run with the same seed gives a byte-identical summary.json, and
# another seed a different one.
source "$(dirname "$0")/lib.sh"
run_ok first run "$REPO/scenarios/quickstart.yaml" --out "$WORK/a" --quiet
for f in summary.json jobs.csv stages.csv gpus.csv timeline.csv; do
  [ -s "$WORK/a/$f" ] && pass "$f written" || fail "$f missing or empty"
done
jq -e . "$WORK/a/summary.json" >/dev/null && pass "summary.json parses" || fail "summary.json is not JSON"
ls "$WORK/a" | grep -q '\.tmp\.' && fail "temporary files left behind"
check_eq "schema_version" 1 "$(json "$WORK/a/summary.json" .schema_version)"
check_eq "scenario name" quickstart "$(json "$WORK/a/summary.json" .scenario)"
done_jobs=$(awk -F, 'NR > 1 && $3 == "done"' "$WORK/a/jobs.csv" | wc -l)
check_eq "jobs done in jobs.csv = summary" "$done_jobs" "$(json "$WORK/a/summary.json" .jobs.done)"
check_eq "every job of the quickstart finishes" "$(json "$WORK/a/summary.json" .jobs.submitted)" "$done_jobs"
rows=$(($(wc -l <"$WORK/a/gpus.csv") - 1))
check_eq "gpus.csv has one row per GPU" "$(json "$WORK/a/summary.json" .gpus.total)" "$rows"
alloc=$(json "$WORK/a/summary.json" .gpus.allocation_mean)
awk -v a="$alloc" 'BEGIN { exit !(a > 0 && a <= 1) }' && pass "allocation in (0, 1]: $alloc" || fail "allocation $alloc"

run_ok again run "$REPO/scenarios/quickstart.yaml" --out "$WORK/b" --quiet
cmp -s "$WORK/a/summary.json" "$WORK/b/summary.json" && pass "same seed: identical summary.json" \
  || fail "same seed gave different summary.json"
cmp -s "$WORK/a/stages.csv" "$WORK/b/stages.csv" && pass "same seed: identical stages.csv" \
  || fail "same seed gave different stages.csv"
run_ok other run "$REPO/scenarios/quickstart.yaml" --out "$WORK/c" --quiet --seed 7
cmp -s "$WORK/a/summary.json" "$WORK/c/summary.json" && fail "another seed gave the same summary" \
  || pass "another seed: different summary.json"
check_eq "--seed recorded" 7 "$(json "$WORK/c/summary.json" .seed)"
finish
