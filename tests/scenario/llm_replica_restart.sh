#!/usr/bin/env bash
# Replicas of an LLM service on drain and failure (data/llm_replica_restart.yaml),
# hand-computed: a new replica serves pull (10e9 B / 3.125e9 B/s = 3.2 s) + weights
# (16.06e9 B / 3.125e9 B/s = 5.1392 s) + warm-up (34 s) = 42.3392 s after it is placed.
#   drain of h100[0] at 100 s: replacement replica 2 on h100[2] at 100 s, serving at
#     142.3392 s, when replica 0 is retired (it served until then) and released once its
#     running requests finish;
#   failure of h100[1]'s GPU at 200 s: replica 1 lost and released at 200 s, its running
#     requests start over on replica 2; replacement replica 3 on h100[3] (h100[0] is
#     drained) at 200 s, serving at 242.3392 s.
# No request is lost. Runs at every latency of LATENCIES (0.5 % at a non-zero one).
source "$(dirname "$0")/lib.sh"
for lat in $LATENCIES; do
  out="$WORK/out$lat"
  run_at $lat "$out" "$TESTS/scenario/data/llm_replica_restart.yaml"
  t=$(lat_tol $lat 1e-9)
  s="$out/stages.csv"; sc="$out/scaling.csv"
  check_near "drain: replacement asked" 100 "$(scale_event "$sc" requested 2)" "$t"
  check_contains "drain: reason" "$sc" "replaces replica 0 (drain of h100[0])"
  check_eq "drain: replacement on a server that accepts" "h100[2]" "$(csv_get "$s" stage 'serve[2]' server)"
  check_near "drain: replacement placed at once" 100 "$(csv_get "$s" stage 'serve[2]' start_s)" "$t"
  check_near "drain: replacement serves after pull + weights + warm-up" 142.3392 "$(scale_event "$sc" ready 2)" "$t"
  check_near "drain: replica 0 retired when its replacement serves" 142.3392 "$(scale_event "$sc" retired 0)" "$t"
  awk -v e="$(csv_get "$s" stage 'serve[0]' end_s)" 'BEGIN { exit !(e >= 142.3392 && e < 145) }' &&
    pass "drain: replica 0 released after its last requests" || fail "serve[0] ended at $(csv_get "$s" stage 'serve[0]' end_s)"
  check_near "failure: replica 1 lost" 200 "$(scale_event "$sc" lost 1)" "$t"
  check_near "failure: replica 1 released at once" 200 "$(csv_get "$s" stage 'serve[1]' end_s)" "$t"
  check_near "failure: replacement asked" 200 "$(scale_event "$sc" requested 3)" "$t"
  check_eq "failure: replacement on the free server" "h100[3]" "$(csv_get "$s" stage 'serve[3]' server)"
  check_near "failure: replacement serves after pull + weights + warm-up" 242.3392 "$(scale_event "$sc" ready 3)" "$t"
  check_eq "one replica lost" 1 "$(json "$out/summary.json" '.services[0].llm.replicas_lost')"
  check_eq "no request lost" "$(json "$out/summary.json" '.services[0].requests')" \
    "$(json "$out/summary.json" '.services[0].served')"
  check_eq "none refused" 0 "$(json "$out/summary.json" '.services[0].llm.rejected')"
done
finish
