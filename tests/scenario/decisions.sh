#!/usr/bin/env bash
# decisions.csv and `run --explain JOB` (docs/outputs.md): why a stage waited, with the rule
# and its numbers; the rows of a stage add up to its queueing delay; recording changes no
# result (summary.json byte-identical); the report's "Why stages waited" section.
source "$(dirname "$0")/lib.sh"
peak=$(board_peak A100-PCIe-80GB)
T=$(calc "1.56e16 / ($peak * 0.5)")

# Equal-size refusal (slicing_equal_refusal.sh): b (A100D-40C) waits T behind a's A100D-20C.
eq="$TESTS/scenario/data/slicing_equal_refusal.yaml"
for lat in $LATENCIES; do
  run_ok "eq-$lat" run "$eq" --out "$WORK/eq-$lat" --quiet --set outputs.decisions=true \
    --set "datacenter.network.latency=$lat"
  d="$WORK/eq-$lat/plain.csv"  # quoted fields emptied, so that csv_get can read it
  sed 's/"[^"]*"//g' "$WORK/eq-$lat/decisions.csv" >"$d"
  check_eq "[$lat] b's first attempt" waited "$(csv_get "$d" workflow b outcome)"
  check_eq "[$lat] b's reason" "no_fitting_gpus:vgpu-equal" "$(csv_get "$d" workflow b reason)"
  check_near "[$lat] b waited until a left" "$T" "$(csv_get "$d" workflow b waited_s)" "$(lat_tol "$lat" 1e-6)"
  check_contains "[$lat] the rule and its numbers" "$WORK/eq-$lat/decisions.csv" \
    "v: no server with 1 free GPU: largest 0 (v[0]); GPU v[0]/gpu0: vgpu-equal: GPU 0 hosts A100D-20C vGPUs, A100D-40C asked; equal-size mode allows one type per GPU"
  check_eq "[$lat] b placed after" "2,b,train,1,placed" \
    "$(awk -F, '$2 == "b" && $8 == "placed" { print $1","$2","$3","$4","$8 }' "$d")"
done

# --explain JOB: that job's attempts on stdout, and only its rows in decisions.csv.
run_ok explain run "$eq" --out "$WORK/explain" --explain 2
check_contains "explain output" "$WORK/explain.out" "job 2 (b): placement attempts"
check_contains "explain output" "$WORK/explain.out" "GPU v[0]/gpu0: vgpu-equal: GPU 0 hosts A100D-20C vGPUs"
check_eq "explain: rows of job 2 only" "2" "$(tail -n +2 "$WORK/explain/decisions.csv" | cut -d, -f1 | sort -u)"
run_ok explain-none run "$eq" --out "$WORK/explain-none" --explain 9
check_contains "explain of a job that never arrived" "$WORK/explain-none.out" "job 9: no placement attempt recorded"

# The quickstart (first-fit, FIFO, the shipped 5us latency): every stage's rows add up to
# its queueing delay; recording changes no result; the report shows the waiting reasons.
qs="$REPO/scenarios/quickstart.yaml"
run_ok qs-off run "$qs" --out "$WORK/qs-off" --quiet
run_ok qs-on run "$qs" --out "$WORK/qs-on" --quiet --set outputs.decisions=true
if cmp -s <(jq 'del(.command, .overrides)' "$WORK/qs-off/summary.json") \
          <(jq 'del(.command, .overrides)' "$WORK/qs-on/summary.json"); then
  pass "summary.json identical with and without decisions"
else
  fail "recording decisions changed summary.json"
fi
check_eq "no decisions.csv unless asked" "absent" "$([ -e "$WORK/qs-off/decisions.csv" ] && echo present || echo absent)"
mismatch=$(awk -F, '
  FNR == 1 { file++; next }
  file == 1 { key = $1 "/" $3 "/" $5; if ($12 != "") delay[key] = $14; next }
  { w[$1 "/" $3 "/" $4] += $12 }
  END { n = 0; for (k in delay) { d = delay[k] - w[k]; if (d < 0) d = -d;
        if (d > 1e-6 * (delay[k] > 1 ? delay[k] : 1)) { n++; print k, delay[k], w[k] > "/dev/stderr" } }
        print n }' "$WORK/qs-on/stages.csv" <(sed 's/"[^"]*"//g' "$WORK/qs-on/decisions.csv"))
check_eq "stages whose rows do not add up to their queueing delay" 0 "$mismatch"
check_contains "report" "$WORK/qs-on/report.html" "<h2>Why stages waited</h2>"
check_contains "report: head-of-line blocking dominates FIFO" "$WORK/qs-on/report.html" "behind a queue head that waits"
if grep -q "Why stages waited" "$WORK/qs-off/report.html"; then fail "waiting section without decisions"; else pass "no waiting section unless asked"; fi

# A scored policy shows its best candidates with their scores.
run_ok qs-bf run "$qs" --out "$WORK/qs-bf" --quiet --set outputs.decisions=true --policy best-fit
check_eq "best-fit placements with scored candidates" yes \
  "$(awk -F, '$8 == "placed" && $0 ~ /\[[0-9]+\]=-?[0-9]+/ { print "yes"; exit }' "$WORK/qs-bf/decisions.csv")"
finish
