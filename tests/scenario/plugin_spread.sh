#!/usr/bin/env bash
# A user plugin changes placements without rebuilding vgpusim: four half-GPU stages that
# arrive together on four empty 2-GPU servers. first-fit packs all four onto s[0] (two per
# GPU); the example plugin's `spread` (tests/plugin/example_policy.cpp) puts each on the
# server with the fewest allocated milli, i.e. one per server. The plugin is given with
# --plugin, then through the scenario's policy.plugin (a path relative to the scenario).
source "$(dirname "$0")/lib.sh"
: "${PLUGIN_DIR:?PLUGIN_DIR must hold the example plugin (set by CTest)}"
lib="$PLUGIN_DIR/libvgpusim_example_policy.so"
scenario="$TESTS/scenario/data/plugin_spread.yaml"
servers() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["server"] }' "$1" | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }'; }

run_ok ff run "$scenario" --out "$WORK/ff" --quiet
check_eq "first-fit: servers used (server:stages)" "s[0]:4 " "$(servers "$WORK/ff/stages.csv")"

run_ok spread run "$scenario" --plugin "$lib" --policy spread --out "$WORK/spread" --quiet
check_eq "spread (--plugin): servers used" "s[0]:1 s[1]:1 s[2]:1 s[3]:1 " "$(servers "$WORK/spread/stages.csv")"
check_eq "spread: policy in summary.json" spread "$(json "$WORK/spread/summary.json" .policy)"
check_eq "spread: jobs done" 4 "$(json "$WORK/spread/summary.json" .jobs.done)"

# The same through the scenario file: policy: {placement: spread, plugin: RELATIVE_PATH}.
mkdir -p "$WORK/scn"
rel=$(realpath --relative-to="$WORK/scn" "$lib")
sed "s|^policy: .*|policy: {placement: spread, plugin: $rel}|" "$scenario" >"$WORK/scn/spread.yaml"
run_ok scenario_plugin run "$WORK/scn/spread.yaml" --out "$WORK/scn/out" --quiet
check_eq "spread (policy.plugin): servers used" "s[0]:1 s[1]:1 s[2]:1 s[3]:1 " "$(servers "$WORK/scn/out/stages.csv")"
finish
