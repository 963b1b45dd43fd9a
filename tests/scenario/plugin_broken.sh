#!/usr/bin/env bash
# Broken plugins (tests/plugin/broken_plugins.cpp) stop `run` and `policies` with a message
# naming the file and what is wrong, and exit 2 (bad input); in a scenario's policy.plugin
# the message is located at the key.
source "$(dirname "$0")/lib.sh"
: "${PLUGIN_DIR:?PLUGIN_DIR must hold the plugins (set by CTest)}"
scenario="$TESTS/scenario/data/plugin_spread.yaml"

# expect_exit2 NAME EXPECTED_TEXT ARGS...
expect_exit2() {
  local name=$1 text=$2; shift 2
  set +e
  "$VGPUSIM" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  local rc=$?
  set -e
  check_eq "$name: exit code" 2 "$rc"
  check_contains "$name: stderr" "$WORK/$name.err" "$text"
}

lib() { echo "$PLUGIN_DIR/libvgpusim_broken_$1.so"; }
expect_exit2 no_symbols "missing symbol 'vgpusim_plugin_abi_version'" run "$scenario" --out "$WORK/o" --plugin "$(lib no_symbols)"
expect_exit2 no_register "missing symbol 'vgpusim_plugin_register'" run "$scenario" --out "$WORK/o" --plugin "$(lib no_register)"
expect_exit2 wrong_abi "plugin ABI version 999" policies --plugin "$(lib wrong_abi)"
expect_exit2 duplicate "policy 'first-fit' is already registered" policies --plugin "$(lib duplicate)"
expect_exit2 missing_file "file not found" run "$scenario" --out "$WORK/o" --plugin "$WORK/nope.so"
check_contains "missing_file: names the file" "$WORK/missing_file.err" "$WORK/nope.so"
if [ -e "$WORK/o/summary.json" ]; then fail "a run with a broken plugin wrote outputs"; else pass "no outputs written"; fi

# In the scenario: FILE:LINE:COL: policy.plugin: message.
mkdir -p "$WORK/scn"
sed "s|^policy: .*|policy: {placement: first-fit, plugin: $(lib wrong_abi)}|" "$scenario" >"$WORK/scn/bad.yaml"
expect_exit2 scenario_plugin "bad.yaml:" run "$WORK/scn/bad.yaml" --out "$WORK/o"
check_contains "scenario_plugin: located at the key" "$WORK/scenario_plugin.err" "policy.plugin: "
check_contains "scenario_plugin: says why" "$WORK/scenario_plugin.err" "plugin ABI version 999"
finish
