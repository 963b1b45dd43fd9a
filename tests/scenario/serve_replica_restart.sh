#!/usr/bin/env bash
# Replicas of a fixed-service-time service on drain and failure (data/serve_replica_restart.yaml),
# hand-computed: a new replica serves once it has pulled its image, 10e9 B / 3.125e9 B/s =
# 3.2 s after it is placed.
#   drain of h100[0] at 100 s: replacement replica 2 on h100[2] at 100 s, serving at 103.2 s,
#     when replica 0 leaves (released when its batch in flight ends);
#   failure of h100[1]'s GPU at 200 s: replica 1 lost and released at once, its batch back at
#     the head of the queue; replacement replica 3 on h100[3] at 200 s, serving at 203.2 s.
# No request is lost; with a shared queue and with join-shortest-queue dispatch, at every
# latency of LATENCIES (0.5 % at a non-zero one).
source "$(dirname "$0")/lib.sh"
for lat in $LATENCIES; do
  for dispatch in shared_queue jsq; do
    echo "--- latency $lat, $dispatch"
    out="$WORK/out$lat-$dispatch"
    run_ok run run "$TESTS/scenario/data/serve_replica_restart.yaml" --out "$out" --quiet \
      --set datacenter.network.latency=$lat --set workflows[0].stages[0].dispatch=$dispatch
    t=$(lat_tol $lat 1e-9)
    s="$out/stages.csv"; sc="$out/scaling.csv"
    check_near "drain: replacement asked" 100 "$(scale_event "$sc" requested 2)" "$t"
    check_eq "drain: replacement on h100[2]" "h100[2]" "$(csv_get "$s" stage 'serve[2]' server)"
    check_near "drain: replacement serves after its image pull" 103.2 "$(scale_event "$sc" ready 2)" "$t"
    check_near "drain: replica 0 leaves then" 103.2 "$(scale_event "$sc" retired 0)" "$t"
    awk -v e="$(csv_get "$s" stage 'serve[0]' end_s)" 'BEGIN { exit !(e >= 103.19 && e < 103.5) }' &&
      pass "drain: replica 0 released after its last batch" || fail "serve[0] ended at $(csv_get "$s" stage 'serve[0]' end_s)"
    check_near "failure: replica 1 lost" 200 "$(scale_event "$sc" lost 1)" "$t"
    check_near "failure: replica 1 released at once" 200 "$(csv_get "$s" stage 'serve[1]' end_s)" "$t"
    check_eq "failure: replacement on h100[3]" "h100[3]" "$(csv_get "$s" stage 'serve[3]' server)"
    check_near "failure: replacement serves after its image pull" 203.2 "$(scale_event "$sc" ready 3)" "$t"
    check_eq "no request lost" "$(json "$out/summary.json" '.services[0].requests')" \
      "$(json "$out/summary.json" '.services[0].served')"
    check_eq "service done" done "$(json "$out/summary.json" '.services[0].status')"
  done
done
finish
