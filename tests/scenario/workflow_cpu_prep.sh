#!/usr/bin/env bash
# CPU-only prep: 4 GB / (8 vCPUs x 50 MB/s) = 10 s of wall time on the VM (SimGrid's
# parallel exec amount is per thread), read 4 GB at 10 GB/s = 0.4 s, write 1 GB = 0.1 s.
source "$(dirname "$0")/lib.sh"
run_ok run run "$TESTS/scenario/data/workflow_cpu_prep.yaml" --out "$WORK/out" --quiet
s="$WORK/out/stages.csv"
check_near "cpu prep compute (wall time)" 10 "$(csv_get "$s" stage prep compute_s)" 1e-6
check_near "cpu prep read" 0.4 "$(csv_get "$s" stage prep read_s)" 1e-6
check_near "cpu prep end" 10.5 "$(csv_get "$s" stage prep end_s)" 1e-6
check_eq "no GPU held" "" "$(csv_get "$s" stage prep gpus)"
finish
