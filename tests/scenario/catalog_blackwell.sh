#!/usr/bin/env bash
# Blackwell from the built-in catalog (data/blackwell_b200.yaml): an equal-size time-sliced
# vGPU and a MIG-backed vGPU on B200 boards validate and run. Hand-computed:
#   image pull: 10 GB over the 80 Gbps storage link = 1 s, plus the 5 us latency;
#   fixed share: a B200-45C gets 1/max_equal = 1/4 of the GPU (4 x 45 GB = 180 GB);
#   MIG: a 3g.90gb instance runs at 3/7 x B200's MIG efficiency (no SM counts published).
source "$(dirname "$0")/lib.sh"
f="$TESTS/scenario/data/blackwell_b200.yaml"
run_ok validate validate "$f"
run_ok run run "$f" --out "$WORK/out" --quiet

run_ok b200 catalog --gpu B200 --json
b200='.gpus[0]'
check_eq "B200 architecture" "Blackwell" "$(json "$WORK/b200.out" "$b200.architecture")"
check_eq "B200 MIG geometry" "7x8" \
  "$(json "$WORK/b200.out" "\"\(${b200}.mig_compute_slices)x\(${b200}.mig_memory_slices)\"")"
check_eq "B200 maximal layouts" 78 "$(json "$WORK/b200.out" "$b200.mig_layouts | length")"
peak=$(json "$WORK/b200.out" "$b200.peak_flops.bf16")
eff=$(json "$WORK/b200.out" "$b200.mig_efficiency")
run_ok text catalog --gpu B200
check_contains "catalog --gpu B200" "$WORK/text.out" "vGPU types (0)"
check_contains "catalog --gpu B200" "$WORK/text.out" "3g.90gb"

calc() { awk "BEGIN { printf \"%.12g\", $1 }"; }
s="$WORK/out/stages.csv"
pull=$(calc "1 + 5e-6")
check_near "B200-45C (fixed share 1/4) end" "$(calc "$pull + 9e17 / ($peak * 0.5 / 4)")" \
  "$(csv_get "$s" job 1 end_s)" 1e-6
check_near "B200-3-90C (MIG 3/7) end" "$(calc "100 + $pull + 9e17 / ($peak * 0.5 * 3 / 7 * $eff)")" \
  "$(csv_get "$s" job 2 end_s)" 1e-6
check_eq "jobs done" 2 "$(json "$WORK/out/summary.json" .jobs.done)"
finish
