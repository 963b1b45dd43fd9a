#!/usr/bin/env bash
# The --out folder: checked before simulating (exit 2 naming it), never mixing two runs,
# stale temporary files removed; SIGTERM / SIGINT stop a run with 143 / 130, a message, and
# a folder without summary.json.
source "$(dirname "$0")/lib.sh"
q="$REPO/scenarios/quickstart.yaml"

touch "$WORK/a_file"
run_rc 2 out_file run "$q" --out "$WORK/a_file"
check_contains "out_file" "$WORK/out_file.err" "--out $WORK/a_file: exists and is not a directory"
run_rc 2 out_proc run "$q" --out /proc/vgpusim-out
check_contains "out_proc" "$WORK/out_proc.err" "--out /proc/vgpusim-out: cannot create the directory"

# A re-run that writes no trace.json must not leave the earlier run's beside its own.
run_ok first run "$q" --out "$WORK/o" --quiet
[ -f "$WORK/o/trace.json" ] && pass "first run wrote trace.json" || fail "no trace.json"
touch "$WORK/o/jobs.csv.tmp.999999999" "$WORK/o/notes.txt"
run_ok second run "$q" --out "$WORK/o" --quiet --set outputs.trace=false
[ -e "$WORK/o/trace.json" ] && fail "the earlier run's trace.json is still there" || pass "old trace.json removed"
[ -e "$WORK/o/jobs.csv.tmp.999999999" ] && fail "stale temporary file kept" || pass "stale temporary file removed"
[ -e "$WORK/o/notes.txt" ] && pass "a file no run writes is left alone" || fail "notes.txt removed"

# Signals: the openb packing run takes about a second (more under sanitizers).
scn="$REPO/scenarios/alibaba-openb-fgd.yaml"
for sig in TERM INT; do
  expected=$([ $sig = TERM ] && echo 143 || echo 130)
  run_ok "before_$sig" run "$q" --out "$WORK/s_$sig" --quiet
  set +e
  "$VGPUSIM" run "$scn" --out "$WORK/s_$sig" --quiet 2>"$WORK/sig_$sig.err" &
  pid=$!
  # Once the earlier run's summary.json is gone the run is simulating (or about to).
  for _ in $(seq 100); do [ -e "$WORK/s_$sig/summary.json" ] || break; sleep 0.05; done
  sleep 0.1
  kill -$sig $pid
  wait $pid
  rc=$?
  set -e
  check_eq "SIG$sig: exit code" "$expected" "$rc"
  check_contains "SIG$sig: says so" "$WORK/sig_$sig.err" "holds no summary.json"
  [ -e "$WORK/s_$sig/summary.json" ] && fail "SIG$sig: a summary.json is there" || pass "SIG$sig: no summary.json"
  [ -e "$WORK/s_$sig/jobs.csv" ] && fail "SIG$sig: the earlier run's jobs.csv is there" || pass "SIG$sig: no earlier files"
done
finish
