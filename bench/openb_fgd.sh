#!/usr/bin/env bash
# SPEC 6 / issue 11: the packing experiment on the full Alibaba openb default trace (1213
# servers, 6212 GPUs, 10,823 arrivals at seed 42) with FGD, through the product: `vgpusim
# run scenarios/alibaba-openb-fgd.yaml` on one core (taskset), timed from outside, so that
# the figure includes loading and importing the trace, building the SimGrid platform, the
# controller actor's decisions and writing the outputs (report.html and trace.json too).
# Best of RUNS (default 3); fails above 0.5 s wall (issue 11: "stays at or under 0.5 s").
# docs/performance.md records the figures and the machine.
source "$(dirname "$0")/lib.sh"
args=(run "$REPO/scenarios/alibaba-openb-fgd.yaml" --policy fgd --seed 42 --out "$WORK/out" --quiet)
best=$(best_of "${RUNS:-3}" "${args[@]}")
if [ -x /usr/bin/time ]; then
  rss=$( { /usr/bin/time -f "%M" "${pin[@]}" "$VGPUSIM" "${args[@]}" >/dev/null; } 2>&1 | tail -1)
  echo "peak RSS: $((rss / 1024)) MiB"
fi
s="$WORK/out/summary.json"
echo "tasks: $(jq -r '.packing.tasks | "\(.arrived) arrived, \(.placed) placed, \(.dropped) dropped"' "$s")"
echo "allocated: $(jq -r '.packing | "\(.allocated_pct_at_100) % at 100% arrived, \(.allocated_pct_final) % at the end (\(.arrived_pct_final) % arrived)"' "$s")"
at_most "FGD full openb run through vgpusim, best of ${RUNS:-3}, wall" "$best" 0.5 s
