#!/usr/bin/env bash
# Energy is linear in load (docs/energy.md): P = idle + (max - idle) x load, 0 W when off.
# Every host of data/energy_linear.yaml is checked in joules against that formula by hand,
# E = idle x END + (max - idle) x load x busy seconds, END = the run's end (summary.json):
#   A100-PCIe-80GB 46 W idle, 300 W max; servers 300 W idle, 900 W max, 64 vCPUs.
#   idle GPU (pt gpu1)           46 x END
#   full speed (pt gpu0)         46 x END + 254 x 1 x 1000 s
#   MIG 3g (mig gpu)             load = its SMs / the board's (42/108, 3/7 x mig_efficiency)
#                                for F / (peak x mfu x load) s
#   fixed share 1/4 (fs gpu)     load 1/4 for 1000 s
#   server, 4 of 64 vCPUs busy   300 x END + 600 x 4/64 x 1000 s (the CPU prep's compute)
#   server with idle GPUs only   300 x END (a GPU stage's vCPUs are not computing)
#   powered off at 300 s         (300 + 46) x 300, nothing after
# Before issue #10 any load above 0 drew max power (the MIG slice's GPU 300 W, the server
# with 4 busy vCPUs 900 W).
source "$(dirname "$0")/lib.sh"
run_ok run run "$TESTS/scenario/data/energy_linear.yaml" --out "$WORK/out" --quiet
j="$WORK/out/summary.json"
g="$WORK/out/gpus.csv"
cat_json=$("$VGPUSIM" catalog --json)
board() { jq -r ".gpus[] | select(.name == \"A100-PCIe-80GB\") | $1" <<<"$cat_json"; }
idle=$(board .idle_power_w)
max=$(board .max_power_w)
check_eq "A100-PCIe-80GB idle W" 46 "$idle"
check_eq "A100-PCIe-80GB max W" 300 "$max"
peak=$(board .peak_flops.bf16)
sm3g=$(board '.mig_profiles[] | select(.name == "3g.40gb") | .sm_count')
sms=$(board .sm_count)
end=$(json "$j" .end_time_s)
# energy_j of GPU $1
gpu_j() { csv_get "$g" gpu "$1" energy_j; }
# joules of the servers of pool $1: the pool's kWh less its GPUs' joules
server_j() {
  awk -v kwh="$(json "$j" ".energy.pools_kwh.\"$1\"")" -v gj="$(awk -F, -v p="$1" \
    'NR > 1 && $3 == p { s += $10 } END { printf "%.6f", s }' "$g")" 'BEGIN { printf "%.6f", kwh * 3.6e6 - gj }'
}
e() { awk "BEGIN { printf \"%.12f\", $1 }"; }

check_near "idle GPU" "$(e "$idle * $end")" "$(gpu_j 1)" 1e-9
check_near "one stage at full speed" "$(e "$idle * $end + ($max - $idle) * 1000")" "$(gpu_j 0)" 1e-9
cap=$(e "$sm3g / $sms")
t_mig=$(e "6e16 / ($peak * 0.5 * $cap)")
check_near "MIG 3g slice runs at 42/108 of the GPU" "$t_mig" "$(csv_get "$WORK/out/stages.csv" workflow mig3g compute_s)" 1e-9
check_near "MIG 3g slice: load 42/108" "$(e "$idle * $end + ($max - $idle) * $cap * $t_mig")" "$(gpu_j 2)" 1e-9
check_near "fixed-share 1/4 slice" "$(e "$idle * $end + ($max - $idle) * 0.25 * 1000")" "$(gpu_j 3)" 1e-9
check_near "server with 4 of 64 vCPUs busy" "$(e "300 * $end + 600 * 4 / 64 * 1000")" "$(server_j pt)" 1e-9
check_near "server of a MIG slice (vCPUs idle)" "$(e "300 * $end")" "$(server_j mig)" 1e-9
check_eq "one server powered off" 1 "$(json "$j" .power.power_offs)"
check_near "powered-off GPU: idle until 300 s, then 0 W" "$(e "$idle * 300")" "$(gpu_j 4)" 1e-9
check_near "powered-off server: idle until 300 s, then 0 W" "$(e "300 * 300")" "$(server_j off)" 1e-9
check_near "total" "$(awk -F, 'NR > 1 { s += $10 } END { printf "%.6f", s }' "$g")" \
  "$(e "$(json "$j" .energy.total_j) - $(server_j pt) - $(server_j mig) - $(server_j fs) - $(server_j off)")" 1e-9
finish
