#!/usr/bin/env bash
# NVIDIA's strict round robin under equal/fixed share (docs/slicing.md, "Time slice"): a
# 0.5 ms batch on an A100D-20C (fixed share: 1 of 4 slots) takes the fluid 4 x 0.5 = 2 ms
# plus the wait for its slot, 3 x (slice/2 - 0.5 ms):
#   auto slice (NVIDIA: 2 ms, at most 8 A100D-20C per GPU): 2 + 1.5 = 3.5 ms;
#   time_slice 1ms: 2 + 0 = 2 ms (the fluid model);
#   best effort, alone on the GPU: 0.5 ms (no round robin to wait for).
source "$(dirname "$0")/lib.sh"
f="$TESTS/scenario/data/serve_time_slice.yaml"
mean() { csv_get "$WORK/$1/requests.csv" stage serve latency_mean_s; }
run_ok auto run "$f" --out "$WORK/auto" --quiet
check_near "fixed share, auto slice: mean latency" 0.0035 "$(mean auto)" 1e-6
run_ok one run "$f" --out "$WORK/one" --quiet --set 'datacenter.pools[0].vgpu.time_slice=1ms'
check_near "fixed share, 1 ms slice: mean latency" 0.002 "$(mean one)" 1e-6
run_ok be run "$f" --out "$WORK/be" --quiet --set 'datacenter.pools[0].vgpu.scheduler=best_effort'
check_near "best effort alone: mean latency" 0.0005 "$(mean be)" 1e-6

# NVIDIA's range and scope for the slice are checked where it is written.
run_rc 2 range validate "$f" --set 'datacenter.pools[0].vgpu.time_slice=40ms'
check_contains "out of range" "$WORK/range.err" \
  "datacenter.pools[0].vgpu.time_slice: 40 ms is out of range: NVIDIA's schedulers take 1ms to 30ms"
run_rc 2 be_slice validate "$f" --set 'datacenter.pools[0].vgpu.scheduler=best_effort' \
  --set 'datacenter.pools[0].vgpu.time_slice=2ms'
check_contains "best effort" "$WORK/be_slice.err" \
  "applies to scheduler: equal_share or fixed_share only"
finish
