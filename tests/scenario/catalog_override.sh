#!/usr/bin/env bash
# A scenario's catalog: section (data/catalog_x180.yaml) adds an X180 board, MIG profiles and
# vGPU types, and overrides the A100-PCIe-80GB's price. Hand-computed:
#   image pull: 10 GB over the 80 Gbps (10 GB/s) storage link = 1 s per server (arrivals
#   100 s apart, so downloads never share the link), then unpacked on the server at the
#   default server.image_extract_rate (40 MB/s): 250 s;
#   compute: flops / (bf16 peak x mfu x share): share 1 for the passthrough GPU and for a lone
#   time-sliced vGPU (best effort), 1/7 x mig_efficiency for a 1g MIG slice of a board whose
#   instance SM count is not given;
#   cost: GPU-hours of every pool (1 GPU each, for the whole run) x its board's price.
# The timings are checked at every core latency of LATENCIES (each pull adds the latency).
source "$(dirname "$0")/lib.sh"
f="$TESTS/scenario/data/catalog_x180.yaml"
run_ok run run "$f" --out "$WORK/out" --quiet

# The scenario's catalog as the program sees it; the built-in one is left alone.
run_ok catalog catalog --scenario "$f" --json
cat="$WORK/catalog.out"
x180='.gpus[] | select(.name == "X180-SXM-180GB")'
a100='.gpus[] | select(.name == "A100-PCIe-80GB")'
check_eq "X180 bf16 peak" 2250000000000000 "$(json "$cat" "$x180 | .peak_flops.bf16")"
t45="$x180 | .vgpu_types[] | select(.name == \"X180-45C\")"
check_eq "X180-45C per GPU (derived)" 4 "$(json "$cat" "$t45 | .max_equal")"
check_eq "X180-45C placements (derived)" "0,45,90,135" \
  "$(json "$cat" "$t45 | .placement_ids | join(\",\")")"
check_eq "A100 price overridden" 3 "$(json "$cat" "$a100 | .price_per_hour")"
check_eq "A100 power kept" 300 "$(json "$cat" "$a100 | .max_power_w")"
run_ok builtin catalog --json
check_eq "built-in catalog has no X180" "" "$(json "$WORK/builtin.out" "$x180 | .name")"
check_eq "built-in A100 price" 3.67 "$(json "$WORK/builtin.out" "$a100 | .price_per_hour")"

calc() { awk "BEGIN { printf \"%.12g\", $1 }"; }
peak=2.25e15
a100_peak=$(json "$WORK/builtin.out" "$a100 | .peak_flops.bf16")
for lat in $LATENCIES; do
  run_ok "run-$lat" run "$f" --out "$WORK/out-$lat" --quiet --set "datacenter.network.latency=$lat"
  s="$WORK/out-$lat/stages.csv"
  pull=$(calc "1 + 10e9 / 40e6 + $(awk -v l="$lat" 'BEGIN { v = l + 0; if (l ~ /us$/) v *= 1e-6; print v }')")
  tol=$(lat_tol "$lat" 1e-6)
  check_near "passthrough X180 end at $lat" "$(calc "$pull + 9e17 / ($peak * 0.5)")" \
    "$(csv_get "$s" job 1 end_s)" "$tol"
  check_near "vGPU X180-45C end at $lat" "$(calc "100 + $pull + 9e17 / ($peak * 0.5)")" \
    "$(csv_get "$s" job 2 end_s)" "$tol"
  check_near "MIG X180-1-23C end at $lat" "$(calc "200 + $pull + 9e16 / ($peak * 0.5 * 0.875 / 7)")" \
    "$(csv_get "$s" job 3 end_s)" "$tol"
  check_near "A100 end at $lat" "$(calc "300 + $pull + 1.56e17 / ($a100_peak * 0.5)")" \
    "$(csv_get "$s" job 4 end_s)" "$tol"
done
s="$WORK/out/stages.csv"
check_eq "X180-45C slice" "X180-45C" "$(csv_get "$s" job 2 slices)"
check_eq "gpus.csv names the new board" "X180-SXM-180GB" \
  "$(csv_get "$WORK/out/gpus.csv" pool mg model)"

sum="$WORK/out/summary.json"
check_eq "jobs done" 4 "$(json "$sum" .jobs.done)"
check_near "GPU list price with the override" \
  "$(calc "(3 * 6.5 + 3) * $(json "$sum" .makespan_s) / 3600")" \
  "$(json "$sum" .cost.gpu_list_price_usd)" 1e-9

# --set reaches catalog entries like any other key.
run_ok set run "$f" --out "$WORK/set" --quiet --set 'catalog.gpus[1].price_per_hour=4'
sum="$WORK/set/summary.json"
check_near "GPU list price with --set" \
  "$(calc "(3 * 6.5 + 4) * $(json "$sum" .makespan_s) / 3600")" \
  "$(json "$sum" .cost.gpu_list_price_usd)" 1e-9
finish
