#!/usr/bin/env bash
# A multi-server gang pulls its image on every server it spans (docs/training.md, "Images"),
# and those servers' caches hold it afterwards; at every latency of lib.sh LATENCIES.
#
# data/gang_image.yaml: the 24-GPU gang on p[0], p[1], p[2] pulls 10 GB on each at once.
# The three downloads share the 100 Gbps (12.5 GB/s) storage link (max-min: 4.1667 GB/s
# each; rack 0's uplink carries two of them, 8.33 GB/s of its 12.5), so each takes
# 10 / 4.1667 = 2.4 s (one server alone would take 0.8 s), then unpacks on its own server
# at the default 40 MB/s: 250 s, the three in parallel. The gang computes once all three
# have the image: pull = 2.4 + 250 = 252.4 s (+ the route's latencies, below 1e-3 s).
# With image_extract_rate 0B/s: 2.4 s. The three 8-GPU jobs arriving at 2000 s, after the
# gang ended, land on p[0], p[1], p[2] (first-fit) and find the image there: pull 0.
source "$(dirname "$0")/lib.sh"
data="$TESTS/scenario/data"
for lat in $LATENCIES; do
  out="$WORK/gang-$lat"
  run_at "$lat" "$out" "$data/gang_image.yaml"
  s="$out/stages.csv"
  check_eq "gang on three servers" "p[0]+p[1]+p[2]" "$(csv_get "$s" job 1 server)"
  check_near "gang pull: three shared downloads, then unpacking" 252.4 "$(csv_get "$s" job 1 pull_s)" 4e-6
  for j in 2 3 4; do
    check_eq "job $j on a server of the gang" "p[$((j - 2))]" "$(csv_get "$s" job $j server)"
    check_eq "job $j finds the image cached" 0 "$(csv_get "$s" job $j pull_s)"
  done
  out="$WORK/raw-$lat"
  run_at "$lat" "$out" "$data/gang_image.yaml" --set datacenter.pools[0].server.image_extract_rate=0B/s
  check_near "gang pull without unpacking" 2.4 "$(csv_get "$out/stages.csv" job 1 pull_s)" 4e-4
done
finish
