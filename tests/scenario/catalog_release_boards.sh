#!/usr/bin/env bash
# Boards of the current release (data/release_boards.yaml) validate and run, each in a
# slicing mode NVIDIA's tables allow it, at every core latency of LATENCIES. Hand-computed:
#   image pull: 10 GB over the 80 Gbps storage link = 1 s, plus the core latency, then
#   unpacked at the default server.image_extract_rate (40 MB/s): 250 s;
#   A30-2-12C on a fixed [2g, 1g, 1g] layout: 28 of the A30's 56 SMs = 1/2 (4-slice geometry;
#     A100's x/7 rule would give 2/7 x efficiency); 500 milli-GPU;
#   H200-28C under fixed share: 1/5 (max_equal 5 on 141 GB);
#   L40-16C alone in mixed size under equal share: the whole GPU;
#   H800XM-3-40C (MIG 3g.40gb): 60 of 132 SMs (GH100 instance SM counts);
#   A800D-16C under fixed share: 1/5 (max_equal 5 on 80 GB, NVIDIA's table T54);
#   H100XS-3-32C (MIG 3g.32gb on the 64 GB H100): 60 of 132 SMs.
source "$(dirname "$0")/lib.sh"
f="$TESTS/scenario/data/release_boards.yaml"
run_ok validate validate "$f"
run_ok cat catalog --json

bf16() { json "$WORK/cat.out" ".gpus[] | select(.name == \"$1\") | .peak_flops.bf16"; }
calc() { awk "BEGIN { printf \"%.12g\", $1 }"; }
for lat in $LATENCIES; do
  out="$WORK/out-$lat"
  run_ok "run-$lat" run "$f" --out "$out" --quiet --set "datacenter.network.latency=$lat"
  sec=$(awk -v l="$lat" 'BEGIN { v = l + 0; if (l ~ /us$/) v *= 1e-6; print v }')
  pull=$(calc "1 + 10e9 / 40e6 + $sec")
  tol=$(lat_tol "$lat" 1e-6)
  s="$out/stages.csv"
  check_near "A30-2-12C end at $lat" "$(calc "$pull + 1e16 / ($(bf16 A30) * 0.5 * 28 / 56)")" \
    "$(csv_get "$s" job 1 end_s)" "$tol"
  check_near "H200-28C end at $lat" \
    "$(calc "100 + $pull + 1e17 / ($(bf16 H200-NVL-141GB) * 0.5 / 5)")" \
    "$(csv_get "$s" job 2 end_s)" "$tol"
  check_near "L40-16C end at $lat" "$(calc "200 + $pull + 1e16 / ($(bf16 L40) * 0.5)")" \
    "$(csv_get "$s" job 3 end_s)" "$tol"
  check_near "H800XM-3-40C end at $lat" \
    "$(calc "300 + $pull + 1e17 / ($(bf16 H800-SXM5-80GB) * 0.5 * 60 / 132)")" \
    "$(csv_get "$s" job 4 end_s)" "$tol"
  check_near "A800D-16C end at $lat" \
    "$(calc "400 + $pull + 1e16 / ($(bf16 A800-PCIe-80GB) * 0.5 / 5)")" \
    "$(csv_get "$s" job 5 end_s)" "$tol"
  check_near "H100XS-3-32C end at $lat" \
    "$(calc "500 + $pull + 1e17 / ($(bf16 H100-SXM5-64GB) * 0.5 * 60 / 132)")" \
    "$(csv_get "$s" job 6 end_s)" "$tol"
  check_eq "jobs done at $lat" 6 "$(json "$out/summary.json" .jobs.done)"
done

# The A30's catalog view: its own geometry and the MIG user guide's five layouts.
run_ok a30 catalog --gpu A30
check_contains "catalog --gpu A30" "$WORK/a30.out" "compute slices of 4, memory slices of 4"
check_contains "catalog --gpu A30" "$WORK/a30.out" "Maximal MIG layouts (5;"
# A layout the 4-slice A30 cannot hold is refused, naming the geometry.
sed 's/layout: \[2g.12gb, 1g.6gb, 1g.6gb\]/layout: [4g.24gb, 1g.6gb]/' "$f" >"$WORK/bad.yaml"
run_rc 2 bad validate "$WORK/bad.yaml"
check_contains "A30 bad layout" "$WORK/bad.err" "the profiles need 5 compute slices; A30 has 4"
finish
