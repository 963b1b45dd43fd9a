#!/usr/bin/env bash
# Every scenario shipped under scenarios/ is valid.
source "$(dirname "$0")/lib.sh"
for f in "$REPO"/scenarios/*.yaml "$REPO"/scenarios/*/*.yaml; do
  if (cd "$REPO" && "$VGPUSIM" validate "${f#"$REPO"/}") >"$WORK/out" 2>&1; then
    pass "$(basename "$f") validates"
  else
    fail "$(basename "$f"): $(cat "$WORK/out")"
  fi
done
finish
