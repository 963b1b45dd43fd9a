#!/usr/bin/env bash
# Decision time of every built-in placement policy on the full Alibaba openb default trace
# (1213 servers, 6212 GPUs, 10,823 arrivals after inflation to 130%, seed 42), measured
# with the engine-free packing harness (tests/unit/test_trace_openb_bench.cpp). SPEC 6
# asks for FGD under 2 s on one core; the figures are recorded in docs/policies.md.
set -euo pipefail
unit="$(dirname "$VGPUSIM")/tests/vgpusim_unit"
[ -x "$unit" ] || { echo "vgpusim_unit not built next to $VGPUSIM" >&2; exit 1; }
out="$("$unit" "[.bench]" 2>&1)"
echo "$out"
fgd=$(echo "$out" | sed -n 's/^fgd: decide \([0-9.e-]*\) s.*/\1/p')
[ -n "$fgd" ] || { echo "no FGD figure" >&2; exit 1; }
echo "FGD decision time: $fgd s (target < 2 s)"
awk -v t="$fgd" 'BEGIN { exit !(t < 2.0) }'
