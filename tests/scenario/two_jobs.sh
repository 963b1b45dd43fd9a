#!/usr/bin/env bash
# Two jobs on one whole GPU, checked against completion times computed by hand:
#   image pull: 10 GB over the 80 Gbps (10 GB/s) storage link = 1 s, once per server;
#   compute: 1e17 FLOP / (bf16 peak x mfu 0.5) on the A100-PCIe-80GB;
#   job 2 arrives at 10 s and waits for the GPU (FIFO, passthrough).
source "$(dirname "$0")/lib.sh"
run_ok run run "$TESTS/scenario/data/two_jobs.yaml" --out "$WORK/out" --quiet
peak=$("$VGPUSIM" catalog --json | jq -r '.gpus[] | select(.name == "A100-PCIe-80GB") | .peak_flops.bf16')
compute=$(awk -v p="$peak" 'BEGIN { printf "%.9f", 1e17 / (p * 0.5) }')
end1=$(awk -v c="$compute" 'BEGIN { printf "%.9f", 1 + c }')
end2=$(awk -v c="$compute" 'BEGIN { printf "%.9f", 1 + 2 * c }')
s="$WORK/out/stages.csv"
check_near "job 1 pull time" 1 "$(csv_get "$s" job 1 pull_s)" 1e-6
check_near "job 1 end" "$end1" "$(csv_get "$s" job 1 end_s)" 1e-6
check_near "job 2 start (waits for the GPU)" "$end1" "$(csv_get "$s" job 2 start_s)" 1e-6
check_near "job 2 pull time (image cached)" 0 "$(csv_get "$s" job 2 pull_s)" 1e-6
check_near "job 2 end" "$end2" "$(csv_get "$s" job 2 end_s)" 1e-6
check_eq "jobs done" 2 "$(json "$WORK/out/summary.json" .jobs.done)"
check_near "makespan" "$end2" "$(json "$WORK/out/summary.json" .makespan_s)" 1e-6
finish
