#!/usr/bin/env bash
# Serving against queueing theory: Poisson arrivals, exponential service (mean 1 ms on a
# whole GPU), no batching, one shared queue. c = 1 at 700/s (M/M/1, rho 0.7, 420k
# requests) and c = 4 replicas on 4 whole GPUs at 3000/s (M/M/4, rho 0.75, 600k requests):
# the mean wait must match M/M/1 and Erlang C within 4 %, at every lib.sh LATENCIES value.
# The heaviest test: under the sanitizers (VGPUSIM_SANITIZED, scripts/sanitize.sh) it serves
# 150 s of M/M/1 and 100 s of M/M/4 (105k and 300k requests; their mean waits are then
# 0.6 % and 2.8 % from the formulas at the files' seeds, measured).
source "$(dirname "$0")/lib.sh"
mmc_wait() {  # c lambda mu -> Erlang C mean waiting time
  awk -v c="$1" -v l="$2" -v m="$3" 'BEGIN { a = l / m; r = a / c; t = 1; s = 0
    for (k = 0; k < c; k++) { s += t; t *= a / (k + 1) }   # t = a^c / c! at the end
    pc = t / (1 - r) / (s + t / (1 - r)); printf "%.9f", pc / (c * m - l) }'
}
d1=600 d4=200
[ -n "${VGPUSIM_SANITIZED:-}" ] && d1=150 d4=100
w1=$(mmc_wait 1 700 1000); w4=$(mmc_wait 4 3000 1000)
check_near "M/M/1 formula sanity (rho / (mu - lambda))" 0.002333333 "$w1" 1e-6
for lat in $LATENCIES; do
  echo "--- latency $lat"
  for c in 1 4; do
    d=$([ $c == 1 ] && echo $d1 || echo $d4)
    run_ok mm$c run "$TESTS/scenario/data/serve_mm$c.yaml" --out "$WORK/mm$c$lat" --quiet \
      --set datacenter.network.latency=$lat --set "workflows[0].stages[0].requests.duration=${d}s"
  done
  r1="$WORK/mm1$lat/requests.csv"; r4="$WORK/mm4$lat/requests.csv"
  check_near "M/M/1 mean wait" "$w1" "$(csv_get "$r1" stage serve wait_mean_s)" 0.04
  check_near "M/M/1 mean latency (wait + 1 ms)" "$(awk -v w="$w1" 'BEGIN { print w + 0.001 }')" "$(csv_get "$r1" stage serve latency_mean_s)" 0.04
  check_near "M/M/1 throughput" 700 "$(csv_get "$r1" stage serve throughput_rps)" 0.01
  check_near "M/M/4 mean wait (Erlang C)" "$w4" "$(csv_get "$r4" stage serve wait_mean_s)" 0.04
  check_near "M/M/4 mean latency" "$(awk -v w="$w4" 'BEGIN { print w + 0.001 }')" "$(csv_get "$r4" stage serve latency_mean_s)" 0.04
  check_near "M/M/4 throughput" 3000 "$(csv_get "$r4" stage serve throughput_rps)" 0.01
  check_eq "M/M/4 instances" 4 "$(csv_get "$r4" stage serve instances)"
  check_eq "M/M/4 batches (no batching: one per request)" "$(csv_get "$r4" stage serve requests)" "$(csv_get "$r4" stage serve batches)"
  # Each replica on its own GPU: four GPUs each busy about rho = 75 % of the serving time.
  for g in 0 1 2 3; do
    u=$(csv_get "$WORK/mm4$lat/gpus.csv" gpu $g busy_gpu_s)
    check_near "M/M/4 GPU $g busy seconds (rho x $d4 s)" "$((d4 * 3 / 4))" "$u" 0.05
  done
done
finish
