#!/usr/bin/env bash
# summary.json is enough to reproduce a run and holds fragmentation (SPEC 2.7, issue #10):
#   - `scenario_file`, `overrides` (--set, --seed, --policy, --plugin) and `command` record how
#     it ran; running `command` again gives a byte-identical summary.json;
#   - gpus.fragmentation_mean / fragmented_gpu_hours agree with gpus.csv, fragmentation_peak
#     with timeline.csv; compare and plan can target them (a rules file gates it here).
source "$(dirname "$0")/lib.sh"
cd "$REPO"
run_ok a run scenarios/slicing-modes.yaml --out "$WORK/a" --quiet --seed 3 --policy first-fit \
  --set 'workflows[0].arrival.count=5' --set 'outputs={report: false, trace: false}'
j="$WORK/a/summary.json"
check_eq "scenario_file" "scenarios/slicing-modes.yaml" "$(json "$j" .scenario_file)"
check_eq "overrides.set" '["workflows[0].arrival.count=5","outputs={report: false, trace: false}"]' "$(jq -c .overrides.set "$j")"
check_eq "overrides.seed" 3 "$(json "$j" .overrides.seed)"
check_eq "overrides.policy" first-fit "$(json "$j" .overrides.policy)"
check_eq "overrides.plugins" "[]" "$(jq -c .overrides.plugins "$j")"
cmd=$(json "$j" .command)
check_eq "command" "vgpusim run scenarios/slicing-modes.yaml --policy first-fit --seed 3 --set 'workflows[0].arrival.count=5' --set 'outputs={report: false, trace: false}'" "$cmd"
# Reproduce from the recorded command alone.
eval "\"\$VGPUSIM\" ${cmd#vgpusim } --out \"\$WORK/b\" --quiet" || fail "the recorded command failed"
cmp -s "$j" "$WORK/b/summary.json" && pass "the recorded command reproduces summary.json byte for byte" \
  || fail "the recorded command gave another summary.json"
run_ok plain run scenarios/slicing-modes.yaml --out "$WORK/plain" --quiet
check_eq "no overrides: nulls and empty lists" '{"set":[],"seed":null,"policy":null,"plugins":[]}' "$(jq -c .overrides "$WORK/plain/summary.json")"
check_eq "no overrides: command" "vgpusim run scenarios/slicing-modes.yaml" "$(json "$WORK/plain/summary.json" .command)"

# Fragmentation: the summary's figures from the per-GPU and timeline records.
end=$(json "$j" .end_time_s)
gpus=$(json "$j" .gpus.total)
frag_s=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { s += $c["fragmented_gpu_s"] } END { printf "%.9f", s }' "$WORK/a/gpus.csv")
awk -v f="$frag_s" 'BEGIN { exit !(f > 0) }' && pass "some capacity was fragmented ($frag_s GPU-s)" || fail "no fragmentation: the check below proves nothing"
check_near "fragmentation_mean = fragmented GPU-s / (GPUs x end)" "$(awk -v f="$frag_s" -v g="$gpus" -v e="$end" 'BEGIN { printf "%.12f", f / (g * e) }')" \
  "$(json "$j" .gpus.fragmentation_mean)" 1e-9
check_near "fragmented_gpu_hours" "$(awk -v f="$frag_s" 'BEGIN { printf "%.12f", f / 3600 }')" "$(json "$j" .gpus.fragmented_gpu_hours)" 1e-9
peak=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["fragmentation"] > m { m = $c["fragmentation"] } END { printf "%.12f", m }' "$WORK/a/timeline.csv")
check_near "fragmentation_peak = the timeline's highest" "$peak" "$(json "$j" .gpus.fragmentation_peak)" 1e-9
cat >"$WORK/frag.yaml" <<'RULES'
version: 1
rules:
  - {metric: gpus.fragmentation_mean, better: lower, tolerance: 0}
RULES
run_rc 0 frag compare "$WORK/a" "$WORK/b" --rules "$WORK/frag.yaml"
check_contains "compare targets fragmentation" "$WORK/frag.out" "gpus.fragmentation_mean"
finish
