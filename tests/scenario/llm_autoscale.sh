#!/usr/bin/env bash
# Autoscaling on queue depth (data/llm_autoscale.yaml), hand-computed: a replica placed on
# a fresh server pulls the 10 GB image and reads the bf16 weights of Llama-3.1-8B
# (8.03e9 x 2 B) from storage through its 25 Gb/s NIC (the bottleneck of the route), then
# warms up 34 s (the default):
#   pull = 10e9 / 3.125e9 = 3.2 s; weights = 16.06e9 / 3.125e9 = 5.1392 s; ready = 42.3392 s
# after placement. The first replica is placed at 0 and serves from 42.3392 s. The
# autoscaler looks every 10 s from then on; the step to 20 req/s comes 60 s after serving
# began (at most one of its requests has arrived at that look); at +70 s ~200 have come
# while one replica of max_num_seqs 4 finishes ~12/s, so the queue is far above 4 per replica
# and it asks for its maximum, 2: the new replica serves pull + weights + warm-up later.
# After the step the queue empties; the replica goes once 60 s of looks wanted only 1.
# Runs at every latency of LATENCIES (0.5 % at a non-zero one).
source "$(dirname "$0")/lib.sh"
ready=42.3392
for lat in $LATENCIES; do
  out="$WORK/out$lat"
  run_at $lat "$out" "$TESTS/scenario/data/llm_autoscale.yaml"
  t=$(lat_tol $lat 1e-9)
  s="$out/stages.csv"; sc="$out/scaling.csv"
  check_near "first replica: image pull" 3.2 "$(csv_get "$s" stage 'serve[0]' pull_s)" "$t"
  check_near "first replica: weights read" 5.1392 "$(csv_get "$s" stage 'serve[0]' read_s)" "$t"
  start=$(csv_get "$out/requests.csv" stage serve start_s)
  check_near "serving began after pull + weights + warm-up" "$ready" "$start" "$t"
  req=$(csv_get "$sc" event requested time_s)
  check_near "scale-up asked at the look 70 s after serving began" \
    "$(calc "$ready + 70")" "$req" "$t"
  check_eq "scale-up asked for replica 1" 1 "$(csv_get "$sc" event requested replica)"
  check_near "second replica placed at once" "$req" "$(csv_get "$s" stage 'serve[1]' start_s)" "$t"
  check_near "second replica: image pull" 3.2 "$(csv_get "$s" stage 'serve[1]' pull_s)" "$t"
  check_near "second replica: weights read" 5.1392 "$(csv_get "$s" stage 'serve[1]' read_s)" "$t"
  check_near "second replica serves after exactly pull + weights + warm-up" "$ready" \
    "$(awk -v a="$(csv_get "$sc" event ready time_s)" -v b="$req" 'BEGIN { printf "%.9f", a - b }')" "$t"
  check_eq "two replicas at the peak" 2 "$(json "$out/summary.json" '.services[0].llm.replicas_peak')"
  retired=$(csv_get "$sc" event retired time_s)
  check_eq "scale-down retires the newest replica" 1 "$(csv_get "$sc" event retired replica)"
  check_contains "scale-down reason" "$sc" "scaled down: 1 replica(s) wanted over the last 60 s"
  awk -v r="$retired" -v a="$(csv_get "$sc" event ready time_s)" 'BEGIN { exit !(r >= a + 60) }' &&
    pass "scale-down at least 60 s after the scale-up" || fail "retired at $retired"
  check_near "the retired replica is released" "$retired" "$(csv_get "$s" stage 'serve[1]' end_s)" 1e-9
  check_eq "every request served" 1540 "$(json "$out/summary.json" '.services[0].served')"
  # The same step with a TTFT target of 2 s: requests wait seconds for admission at the
  # +70 s look (their wait is a lower bound of their TTFT), so it asks for a replica then too.
  run_ok ttft run "$TESTS/scenario/data/llm_autoscale.yaml" --out "$out.ttft" --quiet \
    --set datacenter.network.latency=$lat \
    --set "workflows[0].stages[0].replicas={min: 1, max: 2, target: {ttft: 2s}, interval: 10s, scale_down_after: 60s}"
  sc="$out.ttft/scaling.csv"
  check_near "ttft target: scale-up at the +70 s look" "$req" "$(csv_get "$sc" event requested time_s)" "$t"
  check_contains "ttft target: the reason names TTFT" "$sc" ", target 2 s"
  check_near "ttft target: serves after pull + weights + warm-up" "$ready" \
    "$(awk -v a="$(csv_get "$sc" event ready time_s)" -v b="$(csv_get "$sc" event requested time_s)" 'BEGIN { printf "%.9f", a - b }')" "$t"
  # max 3 on two servers: the third replica never finds a place; the scale-down withdraws it
  # (dropped from the queue) before retiring the second, and the run ends.
  run_ok over run "$TESTS/scenario/data/llm_autoscale.yaml" --out "$out.over" --quiet \
    --set datacenter.network.latency=$lat \
    --set "workflows[0].stages[0].replicas={min: 1, max: 3, target: {queue: 4}, interval: 10s, scale_down_after: 60s}"
  sc="$out.over/scaling.csv"
  check_eq "over capacity: replica 2 withdrawn" 2 "$(csv_get "$sc" event withdrawn replica)"
  check_near "over capacity: withdrawn when replica 1 retires" "$(csv_get "$sc" event retired time_s)" \
    "$(csv_get "$sc" event withdrawn time_s)" 1e-12
  check_eq "over capacity: the unplaced replica is dropped" rejected "$(csv_get "$out.over/stages.csv" stage 'serve[2]' status)"
  check_eq "over capacity: every request served" 1540 "$(json "$out.over/summary.json" '.services[0].served')"
done
finish
