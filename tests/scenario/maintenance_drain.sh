#!/usr/bin/env bash
# The shipped rolling-maintenance scenario runs to the end with the default migration costs:
# two drains live-migrate busy training VMs (dirtying RAM, multi-GPU, stun) and each stun
# pays the switch-over plus the vGPU copy at 0.66 of the 25 Gbps cap. (It crashed once: an
# adopt on the destination read GPU exec lists moved by a late resize.)
source "$(dirname "$0")/lib.sh"
run_ok maint run "$REPO/scenarios/maintenance.yaml" --out "$WORK/maint" --quiet
s="$WORK/maint/summary.json"
check_eq "migrations" 10 "$(json "$s" .migration.count)"
# The largest VM holds two A100D-40C: 80 GiB of vGPU state at 0.66 x 25 Gb/s after 0.8 s.
check_near "max downtime = 0.8 s + 80 GiB / (0.66 x 25 Gb/s) (+ the plugin's short stop-and-copy)" \
  "$(awk 'BEGIN { printf "%.6f", 0.8 + 80 * 2^30 / (0.66 * 3.125e9) }')" "$(json "$s" .migration.max_downtime_s)" 0.01
m="$WORK/maint/migrations.csv"
short=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c["downtime_s"] < 0.8 { n++ } END { print n + 0 }' "$m")
check_eq "stuns shorter than the switch-over" 0 "$short"
finish
