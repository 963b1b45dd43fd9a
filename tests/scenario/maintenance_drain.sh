#!/usr/bin/env bash
# The shipped rolling-maintenance scenario runs to its end (scenarios/maintenance.yaml):
# two drains, whose VMs live-migrate while other GPU stages start and end on the
# destinations. Its migrations ran into a dangling reference in the engine's GPU rate
# control (an agent's exec list reallocated while another agent was inside a simcall),
# which no hand-written test reached; every VM of the drained servers moves.
source "$(dirname "$0")/lib.sh"
run_ok maintenance run "$REPO/scenarios/maintenance.yaml" --out "$WORK/m" --quiet
s="$WORK/m/summary.json"
check_eq "jobs done" "$(json "$s" .jobs.submitted)" "$(json "$s" .jobs.done)"
n=$(json "$s" .migration.count)
if [ "$n" -gt 0 ]; then pass "$n migrations"; else fail "no migration"; fi
check_eq "migrations.csv rows" "$n" "$(($(wc -l < "$WORK/m/migrations.csv") - 1))"
finish
