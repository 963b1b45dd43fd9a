#!/usr/bin/env bash
# prep -> train -> optimize -> serve on one passthrough server (2 x A100-PCIe-80GB), every
# stage time computed by hand (data/workflow_pipeline.yaml). Storage link 80 Gbps = 10 GB/s.
#   prep      pull 10 GB: 1 s; read 10 GB: 1 s; compute 10 GB at 1 GB/s: 10 s; write 5 GB:
#             0.5 s                                                      -> ends at 12.5 s
#   train     pull 20 GB: 2 s; compute C = 1e16 / (bf16 peak x 0.5), checkpoints of 10 GB
#             after 30 s and 60 s of progress: 2 x 1 s                   -> ends at T = 14.5 + C + 2
#   optimize and serve_base start at T and pull 10 GB each at once: the storage link is
#             shared, 2 s each; optimize then builds for 20 s          -> ends at O = T + 22
#   serve_base  (no optimize upstream): one request per second (trace), 40 ms each, no
#             queueing; the last arrives 99 s after serving starts   -> ends at T + 2 + 99.04
#   serve     triton is cached on the server (pull 0); the optimize speed-up 4 gives 10 ms
#             per request                                            -> ends at O + 99.01
# Runs at 0 s and at a realistic network latency (lib.sh LATENCIES), within 0.5 % at the latter.
source "$(dirname "$0")/lib.sh"
for lat in $LATENCIES; do
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/workflow_pipeline.yaml"
  t=$(lat_tol $lat 1e-6)
  peak=$(board_peak A100-PCIe-80GB)
  C=$(calc "1e16 / ($peak * 0.5)")
  awk -v c="$C" 'BEGIN { exit !(c > 60 && c < 90) }' || fail "train compute $C s is not between 60 and 90 s: the hand computation assumes two checkpoints"
  T=$(calc "14.5 + $C + 2")
  O=$(calc "$T + 22")
  s="$WORK/out$lat/stages.csv"
  check_near "prep pull" 1 "$(csv_get "$s" stage prep pull_s)" "$t"
  check_near "prep read (10 GB at 10 GB/s)" 1 "$(csv_get "$s" stage prep read_s)" "$t"
  check_near "prep compute (10 GB at 1 GB/s)" 10 "$(csv_get "$s" stage prep compute_s)" "$t"
  check_near "prep write (5 GB)" 0.5 "$(csv_get "$s" stage prep write_s)" "$t"
  check_near "prep end" 12.5 "$(csv_get "$s" stage prep end_s)" "$t"
  check_near "train start" 12.5 "$(csv_get "$s" stage train start_s)" "$t"
  check_near "train compute" "$C" "$(csv_get "$s" stage train compute_s)" "$t"
  check_near "train checkpoints (2 x 10 GB)" 2 "$(csv_get "$s" stage train checkpoint_s)" "$t"
  check_near "train end" "$T" "$(csv_get "$s" stage train end_s)" "$t"
  check_near "optimize pull (shares the link with serve_base's)" 2 "$(csv_get "$s" stage optimize pull_s)" "$t"
  check_near "optimize build" 20 "$(csv_get "$s" stage optimize compute_s)" "$t"
  check_near "optimize end" "$O" "$(csv_get "$s" stage optimize end_s)" "$t"
  check_near "serve_base pull" 2 "$(csv_get "$s" stage serve_base pull_s)" "$t"
  check_near "serve_base end" "$(calc "$T + 2 + 99.04")" "$(csv_get "$s" stage serve_base end_s)" "$t"
  check_near "serve pull (triton cached on the server)" 0 "$(csv_get "$s" stage serve pull_s)" 1e-9
  check_near "serve start" "$O" "$(csv_get "$s" stage serve start_s)" "$t"
  check_near "serve end" "$(calc "$O + 99.01")" "$(csv_get "$s" stage serve end_s)" "$t"
  check_near "serve busy GPU time (100 x 10 ms)" 1 "$(csv_get "$s" stage serve compute_s)" "$t"

  r="$WORK/out$lat/requests.csv"
  check_eq "serve requests" 100 "$(csv_get "$r" stage serve requests)"
  check_eq "serve speed-up from optimize" 4 "$(csv_get "$r" stage serve speedup)"
  check_eq "serve precision from optimize" fp8 "$(csv_get "$r" stage serve precision)"
  for c in latency_mean_s latency_p50_s latency_p99_s latency_max_s; do
    check_near "serve $c (40 ms / 4)" 0.01 "$(csv_get "$r" stage serve $c)" 1e-9
    check_near "serve_base $c (no speed-up)" 0.04 "$(csv_get "$r" stage serve_base $c)" 1e-9
  done
  check_near "serve wait (no queueing)" 0 "$(csv_get "$r" stage serve wait_mean_s)" 1e-9
  check_eq "serve_base speed-up" 1 "$(csv_get "$r" stage serve_base speedup)"
  check_eq "serve SLO met (p99 10 ms <= 20 ms)" yes "$(csv_get "$r" stage serve slo_met)"
  check_eq "serve_base SLO missed (40 ms > 20 ms)" no "$(csv_get "$r" stage serve_base slo_met)"
  check_eq "serve under SLO" 1 "$(csv_get "$r" stage serve under_slo_p99)"
  check_eq "serve_base under SLO" 0 "$(csv_get "$r" stage serve_base under_slo_p99)"

  j="$WORK/out$lat/summary.json"
  check_eq "summary services" 2 "$(json "$j" '.services | length')"
  check_near "summary serve p99" 0.01 "$(json "$j" '.services[] | select(.stage == "serve") | .latency_s.p99')" 1e-9
  check_eq "summary serve SLO met" true "$(json "$j" '.services[] | select(.stage == "serve") | .slo.met')"
  check_eq "summary services meeting their SLO" 1 "$(json "$j" .services_slo.met)"
  check_eq "jobs done" 1 "$(json "$j" .jobs.done)"
  check_near "makespan" "$(calc "$O + 99.01")" "$(json "$j" .makespan_s)" "$t"
done
finish
