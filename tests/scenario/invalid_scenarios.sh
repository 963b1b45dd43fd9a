#!/usr/bin/env bash
# Every scenario under tests/scenario/invalid/ must be refused with exit code 2 by both
# `validate` and `run`, print each message its "# expect:" lines name, leave no output
# directory behind, and never print a stack trace or an internal error.
source "$(dirname "$0")/lib.sh"
for f in "$TESTS"/scenario/invalid/*.yaml; do
  name=$(basename "$f" .yaml)
  for cmd in validate run; do
    set +e
    if [ "$cmd" = run ]; then
      (cd "$(dirname "$f")" && "$VGPUSIM" run "$(basename "$f")" --out "$WORK/$name.out") >"$WORK/$name.$cmd" 2>&1
    else
      (cd "$(dirname "$f")" && "$VGPUSIM" validate "$(basename "$f")") >"$WORK/$name.$cmd" 2>&1
    fi
    rc=$?
    set -e
    check_eq "$name: $cmd exit code" 2 "$rc"
    grep -q "internal error\|terminate called\|Aborted" "$WORK/$name.$cmd" && fail "$name: $cmd crashed"
    while IFS= read -r line; do
      check_contains "$name ($cmd)" "$WORK/$name.$cmd" "${line#\# expect: }"
    done < <(grep '^# expect: ' "$f")
  done
  [ -e "$WORK/$name.out" ] && fail "$name: run left an output directory behind"
done
finish
