#!/usr/bin/env bash
# Placement intervals and cluster events (issue #14): in the shipped maintenance scenario
# (drain of a100[0] at 2 h, restored at 3 h, then a100[1] drained) every VM on a drained
# server moves; placements.csv shows each stage on its source until the switch-over and on
# its destination after; events.csv lists the drains and restores; trace.json draws each
# migration as an arrow and each event as an instant; report.html marks them on its time
# axes and lists them. consolidation.yaml adds power-offs and boots.
source "$(dirname "$0")/lib.sh"
# The shipped defaults, 0.8 s switch-over included: the intervals of a migrated stage meet at
# the migration's end, which the switch-over moves.
run_ok m run "$REPO/scenarios/maintenance.yaml" --out "$WORK/m" --quiet
p="$WORK/m/placements.csv"
check_eq "placements.csv header" "job,workflow,stage,attempt,vm,server,pool,gpus,slices,from_s,to_s,duration_s,ended" "$(head -1 "$p")"
migs=$(($(wc -l <"$WORK/m/migrations.csv") - 1))
check_eq "one interval ended by migration per migration" "$migs" "$(awk -F, 'NR > 1 && $13 == "migrated"' "$p" | wc -l)"
check_eq "intervals = stage attempts placed + migrations" \
  "$(( $(awk -F, 'NR > 1 && $12 != ""' "$WORK/m/stages.csv" | wc -l) + migs ))" "$(($(wc -l <"$p") - 1))"
# Job 4: placed on a100[1], moved to a100[0] by the drain at 3 h.
check_eq "job 4 first on a100[1], migrated" "a100[1] migrated" "$(awk -F, 'NR > 1 && $1 == 4 { print $6, $13; exit }' "$p")"
check_eq "job 4 then on a100[0] to its end" "a100[0] done" "$(awk -F, 'NR > 1 && $1 == 4 { r = $6 " " $13 } END { print r }' "$p")"
switch=$(awk -F, 'NR > 1 && $1 == 4 && $13 == "migrated" { print $11 }' "$p")
check_eq "job 4's intervals meet at the switch-over" "$switch" "$(awk -F, 'NR > 1 && $1 == 4 && $13 == "done" { print $10 }' "$p")"
check_eq "the switch-over is the migration's end" "$switch" "$(awk -F, 'NR > 1 && $1 == 4 { print $8 }' "$WORK/m/migrations.csv")"
# While a100[0] is drained (after its VMs left, until its restore at 3 h) nothing is on it.
check_eq "nothing on a100[0] between its evacuation and its restore" 0 \
  "$(awk -F, 'NR > 1 && $6 == "a100[0]" && $10 < 10800 && $11 > 7300' "$p" | wc -l)"
e="$WORK/m/events.csv"
check_eq "events.csv" "time_s,event,target|7200,drain,a100[0]|10800,restore,a100[0]|10800,drain,a100[1]|14400,restore,a100[1]" "$(paste -sd'|' "$e")"
t="$WORK/m/trace.json"
check_eq "trace: a flow arrow per migration" "$migs" "$(jq '[.traceEvents[] | select(.ph == "s" and .cat == "migration")] | length' "$t")"
check_eq "trace: arrows end on the destination server" "$(jq -r '[.traceEvents[] | select(.ph == "M" and .name == "process_name" and .args.name == "server a100[0] (a100)") | .pid][0]' "$t")" \
  "$(jq -r '[.traceEvents[] | select(.ph == "f" and .cat == "migration")] | map(.pid) | .[-1]' "$t")"
check_eq "trace: an instant per event" 4 "$(jq '[.traceEvents[] | select(.ph == "i")] | length' "$t")"
python3 "$REPO/tests/scenario/tools/check_trace.py" "$t" >"$WORK/check.out" 2>&1 \
  && pass "trace: $(cat "$WORK/check.out")" || fail "trace: $(cat "$WORK/check.out")"
h="$WORK/m/report.html"
check_contains "report: events section" "$h" "<h2>Cluster events</h2>"
check_contains "report: a drain marker" "$h" "<title>drain at 2h 00m: a100[0]</title>"
check_contains "report: the markers' legend" "$h" "migration</span> (10)"

run_ok c run "$REPO/scenarios/consolidation.yaml" --out "$WORK/c" --quiet
check_eq "power-offs in events.csv = summary" "$(json "$WORK/c/summary.json" .power.power_offs)" "$(grep -c ',power_off,' "$WORK/c/events.csv")"
check_eq "boots in events.csv = summary" "$(json "$WORK/c/summary.json" .power.boots)" "$(grep -c ',boot,' "$WORK/c/events.csv")"
# Every GPU that gpus.csv says held a stage has an interval (its heat-strip row is drawn).
check_eq "GPUs with allocation = GPUs with an interval" \
  "$(awk -F, 'NR > 1 && $6 > 0 { print $1 }' "$WORK/c/gpus.csv" | sort -n | paste -sd' ')" \
  "$(awk -F, 'NR > 1 { n = split($8, g, ";"); for (i = 1; i <= n; i++) print g[i] }' "$WORK/c/placements.csv" | sort -nu | paste -sd' ')"
finish
