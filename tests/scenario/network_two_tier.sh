#!/usr/bin/env bash
# Max-min bandwidth sharing on a two-tier network, computed by hand. Three servers pull a
# 10 GB image at t=0 from storage (80 Gbps = 10 GB/s). Racks hold two servers behind a
# 40 Gbps (5 GB/s) uplink: p[0] and p[1] share rack 0's uplink, 2.5 GB/s each -> 4 s;
# p[2] is alone in rack 1 and gets the storage link's remaining 5 GB/s -> 2 s. Each server
# then unpacks its copy at the default server.image_extract_rate (40 MB/s): 250 s more.
# Runs at 0 s and at a realistic network latency (lib.sh LATENCIES), within 0.5 % at the latter.
source "$(dirname "$0")/lib.sh"
for lat in $LATENCIES; do
  run_at $lat "$WORK/out$lat" "$TESTS/scenario/data/two_tier.yaml"
  t=$(lat_tol $lat 1e-6)
  s="$WORK/out$lat/stages.csv"
  check_eq "job 1 on p[0]" "p[0]" "$(csv_get "$s" job 1 server)"
  check_eq "job 3 on p[2]" "p[2]" "$(csv_get "$s" job 3 server)"
  check_near "p[0] pull shares its rack uplink" 254 "$(csv_get "$s" job 1 pull_s)" "$t"
  check_near "p[1] pull shares its rack uplink" 254 "$(csv_get "$s" job 2 pull_s)" "$t"
  check_near "p[2] pull gets the rest of the storage link" 252 "$(csv_get "$s" job 3 pull_s)" "$t"
done
finish
