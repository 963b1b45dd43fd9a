#!/usr/bin/env bash
# Blackwell from the built-in catalog (data/blackwell_b200.yaml): NVIDIA's equal-size
# time-sliced B200X-180C and MIG-backed B200X-3-90C on B200 boards validate and run, at every
# core latency of LATENCIES. Hand-computed:
#   image pull: 10 GB over the 80 Gbps storage link = 1 s, plus the core latency, then
#   unpacked at the default server.image_extract_rate (40 MB/s): 250 s;
#   fixed share: a B200X-180C gets 1/max_equal = the whole GPU;
#   MIG: a 3g.90gb instance runs at 3/7 x B200's MIG efficiency (no SM counts published).
source "$(dirname "$0")/lib.sh"
f="$TESTS/scenario/data/blackwell_b200.yaml"
run_ok validate validate "$f"

run_ok b200 catalog --gpu B200 --json
b200='.gpus[0]'
check_eq "B200 architecture" "Blackwell" "$(json "$WORK/b200.out" "$b200.architecture")"
check_eq "B200 MIG geometry" "7x8" \
  "$(json "$WORK/b200.out" "\"\(${b200}.mig_compute_slices)x\(${b200}.mig_memory_slices)\"")"
check_eq "B200 maximal layouts" 78 "$(json "$WORK/b200.out" "$b200.mig_layouts | length")"
peak=$(json "$WORK/b200.out" "$b200.peak_flops.bf16")
eff=$(json "$WORK/b200.out" "$b200.mig_efficiency")
run_ok text catalog --gpu B200
check_contains "catalog --gpu B200" "$WORK/text.out" "vGPU types (8)"
check_contains "catalog --gpu B200" "$WORK/text.out" "B200X-3-90C"
check_eq "B200X-1-23C per GPU" 7 \
  "$(json "$WORK/b200.out" "$b200.vgpu_types[] | select(.name == \"B200X-1-23C\") | .max_equal")"

calc() { awk "BEGIN { printf \"%.12g\", $1 }"; }
for lat in $LATENCIES; do
  out="$WORK/out-$lat"
  run_ok "run-$lat" run "$f" --out "$out" --quiet --set "datacenter.network.latency=$lat"
  s="$out/stages.csv"
  sec=$(awk -v l="$lat" 'BEGIN { v = l + 0; if (l ~ /us$/) v *= 1e-6; print v }')
  pull=$(calc "1 + 10e9 / 40e6 + $sec")
  tol=$(lat_tol "$lat" 1e-6)
  check_near "B200X-180C (fixed share 1/1) end at $lat" "$(calc "$pull + 9e17 / ($peak * 0.5)")" \
    "$(csv_get "$s" job 1 end_s)" "$tol"
  check_near "B200X-3-90C (MIG 3/7) end at $lat" \
    "$(calc "100 + $pull + 9e17 / ($peak * 0.5 * 3 / 7 * $eff)")" "$(csv_get "$s" job 2 end_s)" "$tol"
  check_eq "jobs done at $lat" 2 "$(json "$out/summary.json" .jobs.done)"
done
finish
