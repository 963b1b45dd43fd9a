#!/usr/bin/env bash
# Multi-server data-parallel training (docs/training.md), every figure by hand from the
# ring all-reduce formula, at every latency of lib.sh LATENCIES.
#
# data/gang_ring.yaml: a 24-GPU job (1e9 bf16 parameters, 20 iterations of 64 x 2048
# tokens) on 8-GPU H100 servers is a gang over p[0], p[1], p[2]; racks of two behind
# 100 Gbps uplinks, so two hops of its ring (p[1]->p[2], p[2]->p[0]) cross rack 1's uplink.
# Per iteration, with n = 24 GPUs, G = 2e9 gradient bytes, B = 100 Gbps:
#   c   = 6 x 1e9 x 131072 / (24 x 989.5e12 x 0.4 x 0.95^3)   compute per GPU (eff over 8 local GPUs)
#   m   = 2 (n-1)/n x G / B                                     ring all-reduce time
#   phi = 1 - 25 MiB / G                                        overlap (all buckets but the last)
#   L   = 3 x latency                                           uplink, core, uplink
#   T   = c/3 + max(2c/3, phi m + L) + (1 - phi) m + L         forward; backward || overlapped
#                                                               all-reduce; the rest of it
# With a second identical job on p[3], p[4], p[5], its ring's hops p[4]->p[5] and
# p[5]->p[3] cross rack 1's uplink in the same directions: max-min gives each ring 50 Gbps
# there, so m doubles. Merged rounds (iterations_per_round: R) give R iterations per round:
#   T_round = R c/3 + max(2Rc/3, R phi m + L) + R (1 - phi) m + L.
source "$(dirname "$0")/lib.sh"
data="$TESTS/scenario/data"
# expected N GPUS BANDWIDTH_BYTES LAT R: iteration time and job time (20 iterations)
expected() {
  awk -v n="$1" -v b="$2" -v lat="$3" -v r="$4" 'BEGIN {
    local_gpus = 8; eff = 0.95 ^ (log(local_gpus) / log(2))
    c = 6 * 1e9 * 131072 / (n * 989.5e12 * 0.4 * eff)
    g = 2e9; phi = 1 - 25 * 1048576 / g; m = 2 * (n - 1) / n * g / b; L = 3 * lat
    bwd = 2 * r * c / 3; ov = r * phi * m + L
    t = (r * c / 3 + (bwd > ov ? bwd : ov) + r * (1 - phi) * m + L) / r
    printf "%.9f %.9f\n", t, 20 * t }'
}
seconds() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) print v / 1e6; else print v + 0 }'; }
two_jobs() {  # the scenario with a second, identical workflow b
  sed 's/^policy:/  - name: b\n    arrival: {at: [0s]}\n    stages:\n      - {name: train, kind: train, gpus: 24, vcpus: 24, memory: 96GiB,\n         params: 1e9, tokens: 2621440, batch: 64, sequence_length: 2048}\npolicy:/' \
    "$data/gang_ring.yaml" > "$WORK/two.yaml"
}
two_jobs
for lat in $LATENCIES; do
  echo "--- latency $lat"
  L=$(seconds "$lat")
  for R in 1 5; do
    set_r=(--set "workflows[0].stages[0].iterations_per_round=$R")
    # One job on an idle network.
    out="$WORK/idle-$lat-$R"
    run_ok idle run "$data/gang_ring.yaml" --out "$out" --quiet \
      --set datacenter.network.latency=$lat "${set_r[@]}"
    read -r t job <<<"$(expected 24 12.5e9 "$L" "$R")"
    s="$out/stages.csv"
    check_eq "gang on three servers" "p[0]+p[1]+p[2]" "$(csv_get "$s" job 1 server)"
    check_eq "24 GPUs" 24 "$(awk -F, 'NR == 2 { print split($9, a, ";") }' "$s")"
    it=$(awk -v c="$(csv_get "$s" job 1 compute_s)" 'BEGIN { printf "%.9f", c / 20 }')
    check_near "R=$R idle: iteration time" "$t" "$it" 0.01
    check_near "R=$R idle: job time" "$job" "$(csv_get "$out/jobs.csv" job 1 jct_s)" 0.01
    check_near "R=$R idle: iteration time (tight)" "$t" "$it" 1e-6
    # Two jobs whose rings share rack 1's uplink.
    out="$WORK/shared-$lat-$R"
    run_ok shared run "$WORK/two.yaml" --out "$out" --quiet --set datacenter.network.latency=$lat \
      "${set_r[@]}" --set "workflows[1].stages[0].iterations_per_round=$R"
    read -r t2 job2 <<<"$(expected 24 6.25e9 "$L" "$R")"
    s="$out/stages.csv"
    check_eq "second gang" "p[3]+p[4]+p[5]" "$(csv_get "$s" job 2 server)"
    for j in 1 2; do
      it=$(awk -v c="$(csv_get "$s" job $j compute_s)" 'BEGIN { printf "%.9f", c / 20 }')
      check_near "R=$R shared uplink: job $j iteration time" "$t2" "$it" 0.01
      check_near "R=$R shared uplink: job $j time" "$job2" "$(csv_get "$out/jobs.csv" job $j jct_s)" 0.01
      check_near "R=$R shared uplink: job $j iteration time (tight)" "$t2" "$it" 1e-6
    done
  done
done

# Topology: after a 1-GPU job took a GPU of p[0], the default gang placement (fewest
# servers, lowest index) puts a 16-GPU job on p[1] + p[2], across racks 0 and 1 (50 Gbps
# uplinks); topology-aware puts it on the fewest racks: p[2] + p[3], rack 1 only, where
# its ring runs at the NICs' 100 Gbps (no uplink, no latency inside the rack).
topo() {  # N GPUS BANDWIDTH LAT: iteration time of the 16-GPU job
  awk -v n=16 -v b="$1" -v lat="$2" 'BEGIN { eff = 0.95 ^ 3
    c = 6 * 1e9 * 131072 / (n * 989.5e12 * 0.4 * eff); g = 2e9; phi = 1 - 25 * 1048576 / g
    m = 2 * (n - 1) / n * g / b; bwd = 2 * c / 3; ov = phi * m + lat
    printf "%.9f", c / 3 + (bwd > ov ? bwd : ov) + (1 - phi) * m + lat }'
}
for lat in $LATENCIES; do
  L=$(seconds "$lat")
  run_ok ff run "$data/gang_topology.yaml" --out "$WORK/ff-$lat" --quiet --set datacenter.network.latency=$lat
  s="$WORK/ff-$lat/stages.csv"
  check_eq "default: across racks" "p[1]+p[2]" "$(csv_get "$s" job 2 server)"
  check_near "default: iteration at the uplink's 50 Gbps" "$(topo 6.25e9 "$(awk -v l="$L" 'BEGIN { print 3 * l }')")" \
    "$(awk -v c="$(csv_get "$s" job 2 compute_s)" 'BEGIN { printf "%.9f", c / 20 }')" 1e-6
  run_ok topo run "$data/gang_topology.yaml" --out "$WORK/topo-$lat" --quiet \
    --set datacenter.network.latency=$lat --policy topology-aware
  s="$WORK/topo-$lat/stages.csv"
  check_eq "topology-aware: one rack" "p[2]+p[3]" "$(csv_get "$s" job 2 server)"
  check_near "topology-aware: iteration at the NICs' 100 Gbps" "$(topo 12.5e9 0)" \
    "$(awk -v c="$(csv_get "$s" job 2 compute_s)" 'BEGIN { printf "%.9f", c / 20 }')" 1e-6
done
# max_racks: 1 and a 24-GPU job: no rack of two 8-GPU servers can hold it; it waits for
# ever, and the run says why (exit 4, stuck).
run_rc 4 racks run "$data/gang_topology.yaml" --out "$WORK/one-rack" --quiet --policy topology-aware \
  --set policy.params.max_racks=1 --set 'workflows[1].stages[0].gpus=24'
check_eq "max_racks 1: a 24-GPU gang never fits a rack of two" unfinished \
  "$(csv_get "$WORK/one-rack/stages.csv" job 2 status)"
check_contains "why it waits" "$WORK/racks.err" "a gang of 24 GPUs over several servers"
finish
