#!/usr/bin/env bash
# Replayed trace jobs spanning servers exchange gradients with the ring all-reduce of
# docs/training.md, calibrated so that on the reference ring (each hop at the NIC's
# bandwidth, idle, no latency) a job lasts exactly its recorded duration (docs/traces.md,
# "Multi-server jobs"). Every figure by hand, at every latency of lib.sh LATENCIES.
#
# data/replay_ring.yaml: job a, 16 GPUs for 100 s, is a gang on p[1] + p[2] (racks 0 and
# 1, 100 Gbps NICs and uplinks); `gradients: {params: 350e6, iteration: 0.5s}` at the
# import's fp32:
#   G   = 350e6 x 4 = 1.4e9 gradient bytes             n = 16 GPUs
#   a   = 2 (n-1)/n x G / 12.5e9 B/s = 0.21 s          the all-reduce on the reference ring
#   phi = 1 - 25 MiB / G = 0.98128                     overlap (PyTorch DDP buckets)
#   N   = ceil(100 s / 0.5 s) = 200 iterations of T = 0.5 s
#   c   = T - (1 - phi) a = 0.49607 s                  compute per iteration (T >= 1.5 phi a +
#                                                      (1 - phi) a: the backward pass hides
#                                                      the overlapped part)
# A round of R iterations then takes, with hops of all-reduce time A and route latency
# L = 3 x latency (uplink, core, uplink; a NIC has none):
#   R c/3 + max(2 R c/3, R phi A + L) + R (1 - phi) A + L
# Idle (A = a): 200 x T plus the exposed step's latency once a round: 100 s + L x rounds.
# With job b's ring on p[3] + p[4] its hops p[2]->p[1] and p[3]->p[4] leave rack 1 on the
# same uplink direction, p[1]->p[2] and p[4]->p[3] enter it on the other: max-min gives
# each hop 50 Gbps there (NICs 100, core 1600), A = 2a = 0.42 s, and the overlapped part
# no longer hides behind the backward pass (phi A = 0.412 s > 2c/3 = 0.331 s):
#   per iteration c/3 + phi A + (1 - phi) A = 0.5854 s, the job 117.07 s (+17 %).
# R: the default (six hours of iterations: all 200 in one round) and R = 1.
source "$(dirname "$0")/lib.sh"
data="$TESTS/scenario/data"
seconds() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) print v / 1e6; else print v + 0 }'; }
# expected A_FACTOR LAT R: job time (R 0: all iterations in one round)
expected() {
  awk -v k="$1" -v lat="$2" -v r="$3" 'BEGIN {
    g = 350e6 * 4; n = 16; a = 2 * (n - 1) / n * g / 12.5e9; phi = 1 - 25 * 1048576 / g
    t = 0.5; iters = 200; c = t - (1 - phi) * a; A = k * a; L = 3 * lat
    if (r == 0) r = iters
    bwd = 2 * r * c / 3; ov = r * phi * A + L
    round = r * c / 3 + (bwd > ov ? bwd : ov) + r * (1 - phi) * A + L
    printf "%.9f", iters / r * round }'
}
for lat in $LATENCIES; do
  echo "--- latency $lat"
  L=$(seconds "$lat")
  for R in 0 1; do
    set_r=()
    [ "$R" = 1 ] && set_r=(--set workflows.import.gradients.iterations_per_round=1)
    out="$WORK/idle-$lat-$R"
    run_ok idle run "$data/replay_ring.yaml" --out "$out" --quiet \
      --set datacenter.network.latency=$lat "${set_r[@]}"
    check_eq "job a: a gang across racks" "p[1]+p[2]" "$(csv_get "$out/stages.csv" job 2 server)"
    t=$(csv_get "$out/jobs.csv" job 2 jct_s)
    check_near "R=$R idle: the recorded 100 s (1 %)" 100 "$t" 0.01
    check_near "R=$R idle: by hand" "$(expected 1 "$L" "$R")" "$t" 1e-6
    out="$WORK/shared-$lat-$R"
    run_ok shared run "$data/replay_ring.yaml" --out "$out" --quiet \
      --set datacenter.network.latency=$lat --set workflows.import.limit=3 "${set_r[@]}"
    check_eq "job b: a gang on rack 1 and 2" "p[3]+p[4]" "$(csv_get "$out/stages.csv" job 3 server)"
    for j in 2 3; do
      check_near "R=$R shared uplink: job $j slowed by max-min" "$(expected 2 "$L" "$R")" \
        "$(csv_get "$out/jobs.csv" job $j jct_s)" 1e-6
    done
  done
  # gradients: none keeps the recorded duration whatever the network does.
  out="$WORK/none-$lat"
  run_ok none run "$data/replay_ring.yaml" --out "$out" --quiet --set datacenter.network.latency=$lat \
    --set workflows.import.limit=3 --set workflows.import.gradients=none
  for j in 2 3; do
    check_near "gradients none: job $j takes its recorded 100 s" 100 "$(csv_get "$out/jobs.csv" job $j jct_s)" 1e-9
  done
done

# The defaults (ResNet-50: 25,557,032 fp32 parameters, 112/367 s iterations, six hours per
# round): idle, the 328 iterations run in one round and end at 100 s + L; with job b the
# all-reduce (a = 0.0153 s idle, phi = 0.744) still hides behind the backward pass (0.2 s)
# and only the exposed part doubles: 328 x (1 - phi) x a = 1.29 s more (+1.3 %).
sed '/gradients:/d' "$data/replay_ring.yaml" > "$WORK/defaults.yaml"
cp -r "$data/traces" "$WORK/"
defaults() {  # A_FACTOR LAT
  awk -v k="$1" -v lat="$2" 'BEGIN {
    g = 25557032 * 4; n = 16; a = 2 * (n - 1) / n * g / 12.5e9; phi = 1 - 25 * 1048576 / g
    iters = 328; t = 100 / iters; c = t - (1 - phi) * a; A = k * a; L = 3 * lat
    bwd = 2 * iters * c / 3; ov = iters * phi * A + L
    printf "%.9f", iters * c / 3 + (bwd > ov ? bwd : ov) + iters * (1 - phi) * A + L }'
}
for lat in $LATENCIES; do
  L=$(seconds "$lat")
  run_ok defaults run "$WORK/defaults.yaml" --out "$WORK/def-$lat" --quiet --set datacenter.network.latency=$lat
  check_near "defaults idle: by hand" "$(defaults 1 "$L")" "$(csv_get "$WORK/def-$lat/jobs.csv" job 2 jct_s)" 1e-6
  run_ok defaults run "$WORK/defaults.yaml" --out "$WORK/def2-$lat" --quiet --set datacenter.network.latency=$lat \
    --set workflows.import.limit=3
  check_near "defaults shared uplink: by hand" "$(defaults 2 "$L")" "$(csv_get "$WORK/def2-$lat/jobs.csv" job 2 jct_s)" 1e-6
done
finish
