#!/usr/bin/env bash
# A hand-made Helios-format log replayed under fifo on 4 whole GPUs, every time by hand:
#   j1 (2 GPUs, 600 s) at 0 runs 0-600; j2 (4 GPUs, failed after 300 s) at 60 waits for
#   all 4: 600-900; j3 (1 GPU, cancelled after 120 s) at 120 and j6 (1 GPU, 60 s) at 180
#   wait behind the head j2 (no backfill): 900-1020 and 900-960. j4 (no GPU) and j5
#   (RUNNING) are left out. With a quota of 1 GPU for vcB, j2 can never run (rejected),
#   so j3 runs 120-240 and j6 180-240.
source "$(dirname "$0")/lib.sh"
# A replayed job moves no data, so its times are the same at every latency (exactly).
for lat in $LATENCIES; do
run_ok "fifo-$lat" run "$TESTS/scenario/data/helios_fifo.yaml" --out "$WORK/fifo" --quiet \
  --set datacenter.network.latency="$lat"
j="$WORK/fifo/jobs.csv"
for row in "1 0 600 vcA completed" "2 600 900 vcB failed" "3 900 1020 vcA killed" \
           "4 900 960 vcB completed"; do
  set -- $row
  check_near "$lat: job $1 start" "$2" "$(csv_get "$j" job "$1" start_s)" 1e-9
  check_near "$lat: job $1 end" "$3" "$(csv_get "$j" job "$1" end_s)" 1e-9
  check_eq "job $1 vc" "$4" "$(csv_get "$j" job "$1" vc)"
  check_eq "job $1 trace status" "$5" "$(csv_get "$j" job "$1" trace_status)"
done
s="$WORK/fifo/summary.json"
check_eq "rows read" 6 "$(json "$s" .trace.rows)"
check_eq "replayed" 4 "$(json "$s" .trace.replayed)"
check_eq "skipped unfinished" 1 "$(json "$s" .trace.skipped.unfinished)"
check_eq "skipped cpu-only" 1 "$(json "$s" .trace.skipped.cpu_only)"
check_eq "failed jobs" 1 "$(json "$s" .trace.by_trace_status.failed.jobs)"
check_eq "killed jobs" 1 "$(json "$s" .trace.by_trace_status.killed.jobs)"
check_near "vcB mean queue delay" 630 "$(json "$s" .trace.vcs.vcB.queue_delay_s.mean)" 1e-9
check_near "vcA mean JCT" 750 "$(json "$s" .trace.vcs.vcA.jct_s.mean)" 1e-9
done

run_ok quota run "$TESTS/scenario/data/helios_fifo.yaml" --out "$WORK/quota" --quiet \
  --set workflows.import.quotas.vcB=1
j="$WORK/quota/jobs.csv"
check_eq "job 2 over its VC quota" failed "$(csv_get "$j" job 2 status)"
check_near "job 3 start" 120 "$(csv_get "$j" job 3 start_s)" 1e-9
check_near "job 3 end" 240 "$(csv_get "$j" job 3 end_s)" 1e-9
check_near "job 4 end" 240 "$(csv_get "$j" job 4 end_s)" 1e-9
check_eq "vcB quota" 1 "$(json "$WORK/quota/summary.json" .trace.vcs.vcB.quota_gpus)"

# A job wider than the whole cluster (8 GPUs on one 4-GPU server) is rejected, not left
# waiting.
mkdir -p "$WORK/wide/traces"
sed 's/^j2,u2,vcB,4,/j2,u2,vcB,8,/' "$TESTS/scenario/data/traces/helios_sample.csv" \
  > "$WORK/wide/traces/helios_sample.csv"
cp "$TESTS/scenario/data/helios_fifo.yaml" "$WORK/wide/"
run_ok wide run "$WORK/wide/helios_fifo.yaml" --out "$WORK/wide/out" --quiet
check_eq "8-GPU job on one 4-GPU server" failed "$(csv_get "$WORK/wide/out/jobs.csv" job 2 status)"
check_contains "reason" "$WORK/wide/out/stages.csv" "more GPUs than the cluster holds"
check_near "job 3 then starts at once" 120 "$(csv_get "$WORK/wide/out/jobs.csv" job 3 start_s)" 1e-9
# On two such servers it is a gang over both (docs/training.md): it waits for all 8 GPUs
# (j1 holds 2 until 600), runs 600-900 on both servers together, and j3, j6 follow at 900.
# It exchanges gradients (docs/traces.md, "Multi-server jobs": ResNet-50 by default, its
# 300 s in one round), calibrated to its recorded 300 s on the idle ring at the NICs'
# bandwidth without latency; on this star network each hop also crosses the core, whose
# 5 us latency the round's exposed all-reduce step adds once: it ends at 900 + 5 us.
# With `gradients: none` it holds its GPUs for exactly 300 s.
for grads in default none; do
  set_g=()
  L=5e-6
  [ "$grads" = none ] && set_g=(--set workflows.import.gradients=none) && L=0
  run_ok gang run "$WORK/wide/helios_fifo.yaml" --out "$WORK/wide/gang-$grads" --quiet \
    --set 'datacenter.pools[0].count=2' "${set_g[@]}"
  g="$WORK/wide/gang-$grads"
  check_eq "8-GPU job on two 4-GPU servers" done "$(csv_get "$g/jobs.csv" job 2 status)"
  check_eq "its servers" "a100[0]+a100[1]" "$(csv_get "$g/stages.csv" job 2 server)"
  for row in "2 600 900" "3 900 1020" "4 900 960"; do
    set -- $row
    start=$(awk -v t="$2" -v l="$L" 'BEGIN { printf "%.9f", t + (t >= 900 ? l : 0) }')
    check_near "gang ($grads): job $1 start" "$start" "$(csv_get "$g/jobs.csv" job "$1" start_s)" 1e-9
    check_near "gang ($grads): job $1 end" "$(awk -v t="$3" -v l="$L" 'BEGIN { printf "%.9f", t + l }')" \
      "$(csv_get "$g/jobs.csv" job "$1" end_s)" 1e-9
  done
done

# A malformed row: FILE: line N: column: message, exit 2.
mkdir -p "$WORK/bad/traces"
sed 's/^j3,u1,vcA,1,/j3,u1,vcA,x,/' "$TESTS/scenario/data/traces/helios_sample.csv" \
  > "$WORK/bad/traces/helios_sample.csv"
cp "$TESTS/scenario/data/helios_fifo.yaml" "$WORK/bad/"
run_rc 2 bad run "$WORK/bad/helios_fifo.yaml" --out "$WORK/bad/out" --quiet
check_contains "error" "$WORK/bad.err" "helios_sample.csv: line 4: gpu_num: expected a whole number, got 'x'"
finish
