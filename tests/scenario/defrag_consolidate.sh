#!/usr/bin/env bash
# Migrating policies (defrag.yaml, consolidate.yaml):
#   defrag places the whole-GPU request D within minutes, first-fit leaves it waiting for
#   a long job to end (hours);
#   consolidate empties one more server than first-fit and uses less energy, with the
#   migrations it cost reported.
source "$(dirname "$0")/lib.sh"
run_ok defrag run "$TESTS/scenario/data/defrag.yaml" --out "$WORK/defrag" --quiet
run_ok ff run "$TESTS/scenario/data/defrag.yaml" --policy first-fit --out "$WORK/ff" --quiet
start_defrag=$(awk -F, 'NR>1 && $3=="d" && $6=="done" {print $12}' "$WORK/defrag/stages.csv")
start_ff=$(awk -F, 'NR>1 && $3=="d" && $6=="done" {print $12}' "$WORK/ff/stages.csv")
if awk -v a="$start_defrag" 'BEGIN{exit !(a > 200 && a < 400)}'; then pass "defrag: D placed at $start_defrag s"; else fail "defrag: D placed at '$start_defrag' s"; fi
if awk -v a="$start_ff" 'BEGIN{exit !(a > 3000)}'; then pass "first-fit: D waits until $start_ff s"; else fail "first-fit: D placed at '$start_ff' s"; fi
check_eq "defrag migrations (the fewest: one)" 1 "$(json "$WORK/defrag/summary.json" .migration.count)"
check_eq "first-fit migrations" 0 "$(json "$WORK/ff/summary.json" .migration.count)"
check_eq "defrag: all jobs done" 4 "$(json "$WORK/defrag/summary.json" .jobs.done)"

run_ok cons run "$TESTS/scenario/data/consolidate.yaml" --out "$WORK/cons" --quiet
run_ok base run "$TESTS/scenario/data/consolidate.yaml" --policy first-fit --out "$WORK/base" --quiet
ec=$(json "$WORK/cons/summary.json" .energy.total_j)
eb=$(json "$WORK/base/summary.json" .energy.total_j)
if awk -v a="$ec" -v b="$eb" 'BEGIN{exit !(a < 0.95 * b)}'; then pass "consolidate energy $ec J < first-fit $eb J"; else fail "consolidate energy $ec J vs first-fit $eb J"; fi
mc=$(json "$WORK/cons/summary.json" .migration.count)
if [ "$mc" -ge 1 ]; then pass "consolidate paid $mc migration(s)"; else fail "consolidate reported no migration"; fi
check_eq "migrations.csv rows = summary count" "$mc" "$(($(wc -l < "$WORK/cons/migrations.csv") - 1))"
check_eq "consolidate: all jobs done" 4 "$(json "$WORK/cons/summary.json" .jobs.done)"
pc=$(json "$WORK/cons/summary.json" .power.power_offs)
pb=$(json "$WORK/base/summary.json" .power.power_offs)
if [ "$pc" -gt "$pb" ]; then pass "consolidate powered off $pc servers, first-fit $pb"; else fail "power-offs: consolidate $pc, first-fit $pb"; fi
finish
