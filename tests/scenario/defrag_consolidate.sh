#!/usr/bin/env bash
# Migrating policies (defrag.yaml, consolidate.yaml):
#   defrag places the whole-GPU request D within minutes, first-fit leaves it waiting for
#   a long job to end (hours);
#   consolidate empties one more server than first-fit and uses less energy, with the
#   migrations it cost reported.
# Runs at every latency of LATENCIES: the migrations' copies go over the network, and no
# decision may change with it.
source "$(dirname "$0")/lib.sh"
for lat in $LATENCIES; do
  run_at $lat "$WORK/defrag$lat" "$TESTS/scenario/data/defrag.yaml"
  run_at $lat "$WORK/ff$lat" "$TESTS/scenario/data/defrag.yaml" --policy first-fit
  start_defrag=$(awk -F, 'NR>1 && $3=="d" && $6=="done" {print $12}' "$WORK/defrag$lat/stages.csv")
  start_ff=$(awk -F, 'NR>1 && $3=="d" && $6=="done" {print $12}' "$WORK/ff$lat/stages.csv")
  if awk -v a="$start_defrag" 'BEGIN{exit !(a > 200 && a < 400)}'; then pass "defrag: D placed at $start_defrag s"; else fail "defrag: D placed at '$start_defrag' s"; fi
  if awk -v a="$start_ff" 'BEGIN{exit !(a > 3000)}'; then pass "first-fit: D waits until $start_ff s"; else fail "first-fit: D placed at '$start_ff' s"; fi
  check_eq "defrag migrations (the fewest: one)" 1 "$(json "$WORK/defrag$lat/summary.json" .migration.count)"
  check_eq "first-fit migrations" 0 "$(json "$WORK/ff$lat/summary.json" .migration.count)"
  check_eq "defrag: all jobs done" 4 "$(json "$WORK/defrag$lat/summary.json" .jobs.done)"

  run_at $lat "$WORK/cons$lat" "$TESTS/scenario/data/consolidate.yaml"
  run_at $lat "$WORK/base$lat" "$TESTS/scenario/data/consolidate.yaml" --policy first-fit
  ec=$(json "$WORK/cons$lat/summary.json" .energy.total_j)
  eb=$(json "$WORK/base$lat/summary.json" .energy.total_j)
  if awk -v a="$ec" -v b="$eb" 'BEGIN{exit !(a < 0.95 * b)}'; then pass "consolidate energy $ec J < first-fit $eb J"; else fail "consolidate energy $ec J vs first-fit $eb J"; fi
  mc=$(json "$WORK/cons$lat/summary.json" .migration.count)
  if [ "$mc" -ge 1 ]; then pass "consolidate paid $mc migration(s)"; else fail "consolidate reported no migration"; fi
  check_eq "migrations.csv rows = summary count" "$mc" "$(($(wc -l < "$WORK/cons$lat/migrations.csv") - 1))"
  check_eq "consolidate: all jobs done" 4 "$(json "$WORK/cons$lat/summary.json" .jobs.done)"
  pc=$(json "$WORK/cons$lat/summary.json" .power.power_offs)
  pb=$(json "$WORK/base$lat/summary.json" .power.power_offs)
  if [ "$pc" -gt "$pb" ]; then pass "consolidate powered off $pc servers, first-fit $pb"; else fail "power-offs: consolidate $pc, first-fit $pb"; fi
done
finish
