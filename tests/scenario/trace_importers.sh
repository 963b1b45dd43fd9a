#!/usr/bin/env bash
# The alibaba-openb (mode: replay), alibaba-pai-2020 and generic importers, each on its
# sample under fifo with every start and end checked by hand (docs/traces.md).
source "$(dirname "$0")/lib.sh"
check_jobs() {  # FILE "job start end status trace_status" ...
  local f=$1; shift
  for row in "$@"; do
    set -- $row
    check_near "$(basename "$(dirname "$f")") job $1 start" "$2" "$(csv_get "$f" job "$1" start_s)" 1e-9
    check_near "$(basename "$(dirname "$f")") job $1 end" "$3" "$(csv_get "$f" job "$1" end_s)" 1e-9
    check_eq "$(basename "$(dirname "$f")") job $1 trace status" "$4" "$(csv_get "$f" job "$1" trace_status)"
  done
}

# openb: times rebased on the first kept pod (creation 427061); a pod runs from its
# scheduling to its deletion; the two 460-milli pods share GPU 0; pod 0005 asks no GPU,
# pod 0061 never ran (Pending).
run_ok openb run "$TESTS/scenario/data/openb_replay.yaml" --out "$WORK/openb" --quiet
check_jobs "$WORK/openb/jobs.csv" "1 0 12475899 completed" "2 2262983 12475899 completed" \
  "3 9538402 9538584 failed" "4 9540143 9540343 failed" "5 9549124 9549436 failed" \
  "6 9570702 9574439 completed"
check_eq "openb: both 460-milli pods on GPU 0" "0" "$(csv_get "$WORK/openb/stages.csv" job 2 gpus)"
check_eq "openb: never-run pods left out" 1 "$(json "$WORK/openb/summary.json" .trace.skipped.no_duration)"
check_eq "openb: CPU-only pods left out" 1 "$(json "$WORK/openb/summary.json" .trace.skipped.cpu_only)"

# PAI: job_a (1 GPU, 600 s) submitted at 100 -> 0-600; job_b (plan_gpu 50 -> 500 milli,
# 300 s) submitted at 130 -> 30-330; job_c (2 instances x 100 -> 2 whole GPUs, failed
# after 300 s) at 120 waits for both GPUs: 600-900; job_d (no GPU), job_e (Running) out.
run_ok pai run "$TESTS/scenario/data/pai_fifo.yaml" --out "$WORK/pai" --quiet
check_jobs "$WORK/pai/jobs.csv" "1 0 600 completed" "2 30 330 completed" "3 600 900 failed"
check_eq "pai: job_c holds 2 GPUs" "0;1" "$(csv_get "$WORK/pai/stages.csv" job 3 gpus)"

# generic: train-1 (2 GPUs, 10 min) 0-600; infer-1 (500 milli, work 100 whole-GPU s ->
# 200 s at half a GPU) waits behind nothing but GPUs: 600-800; tune-1 (A100D-40C, work
# 300 s, alone on its GPU: best effort gives it all) waits behind infer-1 (fifo): 600-900.
run_ok generic run "$TESTS/scenario/data/generic_fifo.yaml" --out "$WORK/generic" --quiet
check_jobs "$WORK/generic/jobs.csv" "1 0 600 completed" "2 600 800 completed" "3 600 900 failed"
check_eq "generic: queue column is the VC" prod "$(csv_get "$WORK/generic/jobs.csv" job 2 vc)"

# Malformed rows: FILE: line N: column: message, exit 2.
mkdir -p "$WORK/bad/traces"
cp "$TESTS/scenario/data/generic_fifo.yaml" "$TESTS/scenario/data/pai_fifo.yaml" "$WORK/bad/"
cp "$TESTS/scenario/data/traces/pai_job_sample.csv" "$WORK/bad/traces/"
sed 's/^infer-1,30,,500,/infer-1,30,,1500,/' "$TESTS/scenario/data/traces/generic_sample.csv" \
  > "$WORK/bad/traces/generic_sample.csv"
sed 's/^job_c,worker,2,Failed,/job_c,worker,2,Exploded,/' "$TESTS/scenario/data/traces/pai_task_sample.csv" \
  > "$WORK/bad/traces/pai_task_sample.csv"
run_rc 2 bad-generic run "$WORK/bad/generic_fifo.yaml" --out "$WORK/bad/g" --quiet
check_contains "generic error" "$WORK/bad-generic.err" "generic_sample.csv: line 4: gpu_milli: 1500 is out of range [1, 1000]"
run_rc 2 bad-pai run "$WORK/bad/pai_fifo.yaml" --out "$WORK/bad/p" --quiet
check_contains "pai error" "$WORK/bad-pai.err" "pai_task_sample.csv: line 3: status: unknown status 'Exploded'"
finish
