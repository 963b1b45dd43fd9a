#!/usr/bin/env bash
# Maintenance drain and failure, hand-checked (drain_mix.yaml, fail_restart.yaml):
#   drain at 100 s of v[0] (two vGPU VMs: both live-migrate to v[1]) and of p[0] (one
#   passthrough VM: cannot migrate, restarts on p[1] from its checkpoint);
#   checkpoints: 30 s segments, 1 GB at 12.5 GB/s = 0.08 s each, so the last checkpoint
#   before 100 s completes at 3 x 30.08 = 90.24 s and 9.76 s of work are lost.
# Runs at every latency of LATENCIES (0.5 % at a non-zero one): the checkpoint writes and
# the migrations' copies go over the network. Each checkpoint write is one comm to storage
# and pays the latency L once: 3 x (0.08 + L) s of checkpoints, 100 - 3 x (30.08 + L) lost.
source "$(dirname "$0")/lib.sh"
peak=$(board_peak A100-PCIe-80GB)
left=$(calc "1e17 / ($peak * 0.5) - 90")
for lat in $LATENCIES; do
  t=$(lat_tol $lat 1e-6)
  ckpt=$(calc "3 * (0.08 + $(lat_s $lat))")
  lost=$(calc "100 - 3 * (30.08 + $(lat_s $lat))")
  run_at $lat "$WORK/drain$lat" "$TESTS/scenario/data/drain_mix.yaml"
  s="$WORK/drain$lat/summary.json"
  check_eq "migrations" 2 "$(json "$s" .migration.count)"
  check_eq "restarts" 1 "$(json "$s" .restarts.count)"
  check_eq "jobs done (no stage lost)" 3 "$(json "$s" .jobs.done)"
  check_eq "stages done" 3 "$(json "$s" .stages.done)"
  st="$WORK/drain$lat/stages.csv"
  check_eq "interrupted attempts" 1 "$(awk -F, 'NR>1 && $6=="interrupted"' "$st" | wc -l)"
  check_eq "passthrough retry is attempt 2" 2 "$(awk -F, 'NR>1 && $2=="pt" && $6=="done" {print $5}' "$st")"
  check_eq "passthrough retry on p[1]" "p[1]" "$(awk -F, 'NR>1 && $2=="pt" && $6=="done" {print $7}' "$st")"
  check_eq "vGPU stages ran to the end on v[1]" "2" "$(awk -F, 'NR>1 && $2=="vg" && $6=="done" && $7=="v[1]"' "$st" | wc -l)"
  check_near "lost work (drain) = time since the checkpoint" "$lost" "$(json "$s" .restarts.lost_work_gpu_s)" 1e-6
  check_near "drained attempt: three checkpoints" "$ckpt" \
    "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                 $2 == "pt" && $6 == "interrupted" { print $c["checkpoint_s"] }' "$st")" 1e-6
  check_contains "refusal reason" "$st" "passthrough GPUs cannot be live-migrated"

  run_at $lat "$WORK/fail$lat" "$TESTS/scenario/data/fail_restart.yaml"
  s="$WORK/fail$lat/summary.json"
  st="$WORK/fail$lat/stages.csv"
  check_eq "restarts after the failure" 1 "$(json "$s" .restarts.count)"
  check_eq "jobs done" 3 "$(json "$s" .jobs.done)"
  check_near "lost work (failure) = time since the checkpoint" "$lost" "$(json "$s" .restarts.lost_work_gpu_s)" 1e-6
  check_contains "failure reason" "$st" "server p[0] failed"
  # The retry computes only what was left at the checkpoint: 3 segments of 30 s were kept.
  check_near "retry computes from the checkpoint" "$left" \
    "$(awk -F, 'NR>1 && $2=="pt" && $6=="done" {print $20}' "$st")" "$t"
  check_eq "no migration on failure" 0 "$(json "$s" .migration.count)"
done
finish
