#!/usr/bin/env bash
# report.html and trace.json (SPEC 2.7): the quickstart writes both; the page is
# self-contained (inline SVG, no scripts, no network references); the trace is a Chrome /
# Perfetto trace-event file with GPU, VM and counter tracks; `vgpusim report DIR` redraws an
# identical page; `outputs: {report: false, trace: false}` turns them off; a directory
# without a run's files is bad input (exit 2).
source "$(dirname "$0")/lib.sh"
run_ok run run "$REPO/scenarios/quickstart.yaml" --out "$WORK/a" --quiet
html="$WORK/a/report.html"
trace="$WORK/a/trace.json"
[ -s "$html" ] && pass "report.html written" || fail "report.html missing"
[ -s "$trace" ] && pass "trace.json written" || fail "trace.json missing"

# Self-contained: no src/href to the network, no scripts, inline SVG charts.
if grep -Eiq '(src|href)[[:space:]]*=[[:space:]]*"?(https?:)?//' "$html"; then fail "report.html references the network"; else pass "no network src/href"; fi
grep -qi '<script' "$html" && fail "report.html has a script" || pass "no script"
check_eq "inline SVG charts (allocation, per pool, queue, JCT, occupancy, energy, cost)" 7 "$(grep -c '<svg ' "$html")"
check_contains "report.html" "$html" "<h1>quickstart</h1>"
check_contains "report.html" "$html" "<h2>Job completion time</h2>"
check_contains "report.html" "$html" "<h2>Per-GPU occupancy</h2>"
check_contains "report.html" "$html" "seed <b>42</b>"
done_jobs=$(json "$WORK/a/summary.json" .jobs.done)
check_contains "JCT legend counts the done jobs" "$html" "all jobs ($done_jobs)"

# The trace: valid JSON, the track names, phases, counters.
jq -e '.traceEvents | length > 0' "$trace" >/dev/null && pass "trace.json parses, has traceEvents" || fail "trace.json: no traceEvents"
threads() { jq -r '.traceEvents[] | select(.ph == "M" and .name == "thread_name") | .args.name' "$trace"; }
gpu_tracks=$(threads | grep -c '^GPU [0-9]* (#[0-9]*)$' || true)
gpus_used=$(awk -F, 'NR > 1 && $9 != "" { n = split($9, g, ";"); for (i = 1; i <= n; i++) u[g[i]] = 1 } END { print length(u) }' "$WORK/a/stages.csv")
check_eq "one GPU track per GPU that ran a stage" "$gpus_used" "$gpu_tracks"
check_eq "no VM thread per stage attempt (VMs sit in reused GPU lanes)" 0 "$(threads | grep -c '^VM job ' || true)"
# A VM slice per placement interval on each of its GPUs.
slices=$(awk -F, 'NR > 1 { s += ($8 == "" ? 1 : split($8, g, ";")) } END { print s }' "$WORK/a/placements.csv")
check_eq "VM slices = placement intervals x their GPUs" "$slices" \
  "$(jq '[.traceEvents[] | select(.ph == "X" and .cat == "vm")] | length' "$trace")"
check_eq "process per server + cluster" "$(( $(awk -F, 'NR > 1 { print $2 }' "$WORK/a/gpus.csv" | sort -u | wc -l) + 1 ))" \
  "$(jq '[.traceEvents[] | select(.ph == "M" and .name == "process_name")] | length' "$trace")"
# As a viewer reads it: whole nanoseconds, slices on a lane nest or follow each other.
python3 "$REPO/tests/scenario/tools/check_trace.py" "$trace" >"$WORK/check.out" 2>&1 \
  && pass "trace: whole ns, no overlapping slices ($(cat "$WORK/check.out"))" || fail "trace: $(cat "$WORK/check.out")"
rows=$(($(wc -l <"$WORK/a/timeline.csv") - 1))
check_eq "allocated-GPUs counter: one per timeline row" "$rows" \
  "$(jq '[.traceEvents[] | select(.ph == "C" and .name == "allocated GPUs")] | length' "$trace")"
check_eq "queue counter present" "$rows" "$(jq '[.traceEvents[] | select(.ph == "C" and .name == "queue length")] | length' "$trace")"
last_us=$(awk -F, 'NR > 1 && $13 != "" && $13 > m { m = $13 } END { printf "%.0f", m * 1e6 }' "$WORK/a/stages.csv")
check_near "trace in microseconds: last stage end (within 1 us)" "$last_us" \
  "$(jq '[.traceEvents[] | select(.ph == "X" and .cat == "vm") | .ts + .dur] | max | floor' "$trace")" \
  "$(awk -v m="$last_us" 'BEGIN { printf "%.3g", 1.5 / m }')"

# gzip: trace.json.gz, which Perfetto opens, instead of trace.json; the same events.
run_ok gz run "$REPO/scenarios/quickstart.yaml" --out "$WORK/gz" --quiet --set outputs.trace=gzip
[ -s "$WORK/gz/trace.json.gz" ] && [ ! -e "$WORK/gz/trace.json" ] && pass "outputs.trace: gzip writes trace.json.gz only" \
  || fail "outputs.trace: gzip: trace.json.gz missing or trace.json written"
gunzip -c "$WORK/gz/trace.json.gz" | cmp -s - "$trace" && pass "trace.json.gz holds trace.json" || fail "trace.json.gz differs from trace.json"
run_rc 2 tiny_cap run "$REPO/scenarios/quickstart.yaml" --out "$WORK/cap" --set outputs.trace_max_size=1KiB
check_contains "a cap too small" "$WORK/tiny_cap.err" "outputs.trace_max_size: at least 1MiB"

# vgpusim report DIR redraws the same page.
cp "$html" "$WORK/first.html"
rm "$html"
run_ok report report "$WORK/a"
cmp -s "$WORK/first.html" "$html" && pass "vgpusim report: identical report.html" || fail "vgpusim report drew a different page"

# Turned off in the scenario.
run_ok off run "$REPO/scenarios/quickstart.yaml" --out "$WORK/off" --quiet --set outputs.report=false --set outputs.trace=false
[ ! -e "$WORK/off/report.html" ] && [ ! -e "$WORK/off/trace.json" ] && pass "outputs off: neither written" \
  || fail "outputs off but report.html or trace.json written"

# Bad input: no run there.
mkdir -p "$WORK/empty"
set +e
"$VGPUSIM" report "$WORK/empty" >"$WORK/bad.out" 2>"$WORK/bad.err"
rc=$?
set -e
check_eq "report of an empty directory exits" 2 "$rc"
check_contains "its message" "$WORK/bad.err" "summary.json: missing"
finish
