#!/usr/bin/env bash
# Bad flags are bad input: exit 2 with a message that names the flag (not a line of the
# scenario, not an internal error), before anything is simulated.
source "$(dirname "$0")/lib.sh"
q="$REPO/scenarios/quickstart.yaml"

# expect2 NAME TEXT ARGS...
expect2() {
  local name=$1 text=$2; shift 2
  run_rc 2 "$name" "$@"
  check_contains "$name" "$WORK/$name.err" "$text"
  grep -q "internal error" "$WORK/$name.err" && fail "$name: internal error"
  true
}

expect2 unknown_command "unknown command 'rnu'; did you mean 'run'?" rnu
expect2 log_level "--log-level: verbose not in" run "$q" --log-level verbose --out "$WORK/o"
expect2 seed_negative "--seed: '-1' is not a seed" run "$q" --seed -1 --out "$WORK/o"
expect2 seed_huge "--seed: '99999999999999999999999' is not a seed" run "$q" --seed 99999999999999999999999 --out "$WORK/o"
expect2 set_index "index [99999999999999999999] does not exist in 'pools' (2 elements)" \
  validate "$q" --set 'datacenter.pools[99999999999999999999].count=1'
expect2 set_value "--set horizon=abc: horizon: 'abc' is not a duration" validate "$q" --set horizon=abc
expect2 set_map "--set policy={placement: best-fitt}: policy.placement: unknown placement policy 'best-fitt'" \
  validate "$q" --set 'policy={placement: best-fitt}'
expect2 policy_flag "--policy nope: policy.placement: unknown placement policy 'nope'" \
  run "$q" --policy nope --out "$WORK/o"
[ -e "$WORK/o" ] && fail "a refused run left $WORK/o behind"
finish
