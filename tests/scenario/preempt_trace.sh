#!/usr/bin/env bash
# The preemptive disciplines on the shipped Helios-format replay (scenarios/helios-replay.yaml,
# 600 jobs on 32 GPUs) with every backfill mode: each run ends (a preemption whose room
# could be taken back by its victims used to loop for ever at one instant under EASY), every
# preempted attempt resumes, no work is lost or done twice (per job, the compute of all its
# attempts equals its compute under fifo: checkpoints keep the progress), and the summary is
# the same when the run is repeated.
source "$(dirname "$0")/lib.sh"
SCEN="$REPO/scenarios/helios-replay.yaml"
run_ok fifo run "$SCEN" --out "$WORK/fifo" --quiet
# job -> total compute_s over its attempts
compute() { awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
  { s[$c["job"]] += $c["compute_s"] } END { for (j in s) printf "%s %.6f\n", j, s[j] }' "$1" | sort; }
compute "$WORK/fifo/stages.csv" > "$WORK/fifo.work"
for q in srtf las; do
  for b in none easy greedy; do
    out="$WORK/$q-$b"
    rc=0
    timeout 60 "$VGPUSIM" run "$SCEN" --set policy.queue=$q --set policy.backfill=$b --out "$out" --quiet \
      >"$WORK/$q-$b.log" 2>&1 || rc=$?
    check_eq "$q/$b: exit code" 0 "$rc"
    [ "$rc" == 0 ] || continue
    sum="$out/summary.json"
    check_eq "$q/$b: every job ended" "$(json "$sum" .jobs.submitted)" \
      "$(( $(json "$sum" .jobs.done) + $(json "$sum" .jobs.failed) ))"
    pre=$(json "$sum" .preemption.preempted)
    [ "$pre" -gt 0 ] && pass "$q/$b: $pre preemptions" || fail "$q/$b: no preemption"
    check_eq "$q/$b: every preempted attempt resumed" "$pre" "$(json "$sum" .preemption.resumed)"
    compute "$out/stages.csv" > "$WORK/$q-$b.work"
    # Same jobs, same compute within 1e-9 relative (attempts add up in floating point).
    off=$(join "$WORK/fifo.work" "$WORK/$q-$b.work" | awk -v n="$(wc -l < "$WORK/fifo.work")" '
      { d = $2 - $3; if (d < 0) d = -d; if (d > 1e-9 * ($2 > 1 ? $2 : 1)) bad++ } END { print (NR == n ? bad + 0 : "missing jobs") }')
    check_eq "$q/$b: jobs whose compute differs from fifo" 0 "$off"
  done
done
run_ok again run "$SCEN" --set policy.queue=las --set policy.backfill=easy --out "$WORK/again" --quiet
if cmp -s "$WORK/las-easy/summary.json" "$WORK/again/summary.json"; then
  pass "las/easy: summary.json reproducible"
else
  fail "las/easy: summary.json differs between two runs"
fi
finish
