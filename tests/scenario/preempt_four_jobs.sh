#!/usr/bin/env bash
# FIFO, SJF, SRTF and LAS on four one-GPU jobs (data/preempt_four_jobs.yaml, one server of
# one GPU; storage 1 GB/s: image pull 2 s, once per server; checkpoint write 1 s on a
# preemption, read 1 s when the job resumes), every start, preemption and end by hand:
#   A: submit 0, 100 s    B: submit 10, 25 s    C: submit 20, 60 s    D: submit 50, 10 s
#
# fifo: A 0 (pull 0-2, compute 2-102) -> 102; B 102-127; C 127-187; D 187-197.
# sjf (oracle estimates, non-preemptive): A alone at 0 -> 102; then D (10) 102-112,
#   B (25) 112-137, C (60) 137-197.
# srtf (remaining = estimate - time held):
#   10: B (25) < A (100 - 10 = 90): A preempted; computed 2-10 = 8 s, 92 left; checkpoint
#       10-11; A re-queued at 11 with an estimate of 100 x 92/100 = 92.
#   11: B starts (image cached) -> 36. 20: C (60) > B (25 - 9 = 16): waits.
#   36: C (60) before A (92): C starts. 50: D (10) < C (60 - 14 = 46): C preempted, 14 s
#       done, 46 left; checkpoint 50-51; D 51-61.
#   61: C (46) resumes: read 61-62, compute 46 -> 108. 108: A resumes: read 108-109,
#       compute 92 -> 201.
# las (thresholds: 30 GPU-s, i.e. two queues; one GPU: attained service = time held):
#   0: A starts (Q0). 10, 20: B, C wait (Q0: a waiting job does not preempt its own queue).
#   30: A reaches 30 GPU-s -> Q1, below B and C: preempted, computed 2-30 = 28 s, 72 left;
#       checkpoint 30-31; re-queued in Q1 at 31 (attained 31).
#   31: B (Q0, first in) -> 56. 50: D waits (Q0, behind B running in Q0).
#   56: C (Q0, submitted before D) starts. 86: C reaches 30 GPU-s -> Q1: preempted by D,
#       30 s done, 30 left; checkpoint 86-87. 87: D -> 97.
#   97: Q1 in order of entry: A (31) resumes: read 97-98, compute 72 -> 170; then C:
#       read 170-171, compute 30 -> 201.
# las with the starvation guard (starve_limit 0.5: a job that ran x s and waits 0.5 x s in
# a lower queue goes back to Q0, its service counted from 0; one GPU: x = attained):
#   A preempted at 30 as above, re-queued at 31 with 31 GPU-s -> promoted at 31 + 15.5 =
#   46.5 (Q0, entered at 46.5: behind C (20), ahead of D (50)). 31-56 B; 56 C starts.
#   86: C -> Q1; head A (Q0) preempts it (C: 30 done, 30 left, re-queued at 87 with 31 ->
#       promoted at 102.5). 87: A resumes (read 87-88) with 0 GPU-s -> Q1 at 117: D (Q0)
#       preempts it (A: 88-117 = 29 s done, 43 left; re-queued at 118 with 31 -> promoted
#       at 133.5). 118: D -> 128.
#   128: C (Q0 since 102.5) resumes: read 128-129, Q1 at 158; A (Q0 since 133.5) preempts
#       it (C: 129-158 = 29 s done, 1 left; re-queued 159, promoted at 174.5).
#   159: A resumes: read 159-160, Q1 at 189; C (Q0 since 174.5) preempts it (A: 160-189 =
#       29 s done, 14 left). 190: C resumes: read 190-191, compute 1 -> 192.
#   192: A resumes: read 192-193, compute 14 -> 207.
# Then a second server, drained at 0 and restored at 40, shows a preempted job resuming on
# another server (srtf): A is preempted at 10 as above and resumes on a100[1] at 40 (pull
# 40-42 there, read 42-43, compute 7 s to 50); at 50 D (10) preempts A (92 - 10 = 82 left
# by its estimate, above C's 46 on a100[0]): 85 left, checkpoint 50-51, D 51-61 on
# a100[1]; A resumes there at 61 (image cached): read 61-62, compute 85 -> 147; C runs
# 36-96 on a100[0] untouched.
# Run at every lib.sh LATENCIES value (exact at 0 s, within 0.5 % otherwise).
source "$(dirname "$0")/lib.sh"
SCEN="$TESTS/scenario/data/preempt_four_jobs.yaml"

# attempts FILE TOL "job attempt start end status" ...
attempts() {
  local f=$1 tol=$2; shift 2
  for row in "$@"; do
    set -- $row
    local line
    line=$(awk -F, -v j="$1" -v a="$2" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
      $c["job"] == j && $c["attempt"] == a { print $c["start_s"], $c["end_s"], $c["status"] }' "$f")
    set -- $1 $2 $3 $4 $5 $line
    check_near "$q: job $1 attempt $2 start" "$3" "$6" "$tol"
    check_near "$q: job $1 attempt $2 end" "$4" "$7" "$tol"
    check_eq "$q: job $1 attempt $2 status" "$5" "$8"
  done
}
# events FILE TOL KIND "time target" ...: the KIND rows of events.csv, in order.
events() {
  local f=$1 tol=$2 kind=$3; shift 3
  mapfile -t got < <(awk -F, -v k="$kind" '$2 == k { print $1, $3 }' "$f")
  check_eq "$q: $kind events" "$#" "${#got[@]}"
  local i=0
  for want in "$@"; do
    set -- $want ${got[$i]:-none none}
    check_near "$q: $kind event $((i + 1)) time" "$1" "$3" "$tol"
    check_eq "$q: $kind event $((i + 1)) target" "$2" "$4"
    i=$((i + 1))
  done
}

for lat in $LATENCIES; do
  echo "--- latency $lat"
  t=$(lat_tol "$lat" 1e-6)
  for q in fifo sjf srtf las; do
    extra=()
    [ "$q" == las ] && extra=(--set policy.queue_params.thresholds=30)
    out="$WORK/$q-$lat"
    run_ok "$q" run "$SCEN" --set policy.queue=$q "${extra[@]}" --set datacenter.network.latency=$lat \
      --out "$out" --quiet
    s="$out/stages.csv"
    check_eq "$q: jobs done" 4 "$(json "$out/summary.json" .jobs.done)"
    case $q in
      fifo) attempts "$s" "$t" "1 1 0 102 done" "2 1 102 127 done" "3 1 127 187 done" "4 1 187 197 done" ;;
      sjf) attempts "$s" "$t" "1 1 0 102 done" "4 1 102 112 done" "2 1 112 137 done" "3 1 137 197 done" ;;
      srtf)
        attempts "$s" "$t" "1 1 0 11 interrupted" "2 1 11 36 done" "3 1 36 51 interrupted" \
          "4 1 51 61 done" "3 2 61 108 done" "1 2 108 201 done"
        events "$out/events.csv" "$t" preempted "10 a100[0]/job-1/job" "50 a100[0]/job-3/job"
        events "$out/events.csv" "$t" resumed "61 a100[0]/job-3/job" "108 a100[0]/job-1/job"
        check_near "$q: job 3 resumed reads its checkpoint" 1 "$(awk -F, 'NR>1 && $1==3 && $5==2 {print $16}' "$s")" "$t"
        check_near "$q: job 1 computes what was left" 92 "$(awk -F, 'NR>1 && $1==1 && $5==2 {print $17}' "$s")" "$t"
        ;;
      las)
        attempts "$s" "$t" "1 1 0 31 interrupted" "2 1 31 56 done" "3 1 56 87 interrupted" \
          "4 1 87 97 done" "1 2 97 170 done" "3 2 170 201 done"
        events "$out/events.csv" "$t" preempted "30 a100[0]/job-1/job" "86 a100[0]/job-3/job"
        events "$out/events.csv" "$t" resumed "97 a100[0]/job-1/job" "170 a100[0]/job-3/job"
        check_near "$q: job 1 computes what was left" 72 "$(awk -F, 'NR>1 && $1==1 && $5==2 {print $17}' "$s")" "$t"
        ;;
    esac
    case $q in
      srtf | las)
        check_eq "$q: preempted" 2 "$(json "$out/summary.json" .preemption.preempted)"
        check_eq "$q: resumed" 2 "$(json "$out/summary.json" .preemption.resumed)"
        check_near "$q: checkpoint time" 2 "$(json "$out/summary.json" .preemption.checkpoint_s)" "$t"
        check_near "$q: mean JCT" "$(awk -v q=$q 'BEGIN { if (q == "srtf") print (201 + 26 + 88 + 11) / 4; else print (170 + 46 + 181 + 47) / 4 }')" \
          "$(json "$out/summary.json" .jct_s.mean)" "$t"
        ;;
      *) check_eq "$q: nothing preempted" 0 "$(json "$out/summary.json" .preemption.preempted)" ;;
    esac
  done

  q=las-starve
  out="$WORK/$q-$lat"
  run_ok "$q" run "$SCEN" --set policy.queue=las --set policy.queue_params.thresholds=30 \
    --set policy.queue_params.starve_limit=0.5 --set datacenter.network.latency=$lat --out "$out" --quiet
  attempts "$out/stages.csv" "$t" "1 1 0 31 interrupted" "2 1 31 56 done" "3 1 56 87 interrupted" \
    "1 2 87 118 interrupted" "4 1 118 128 done" "3 2 128 159 interrupted" \
    "1 3 159 190 interrupted" "3 3 190 192 done" "1 4 192 207 done"
  events "$out/events.csv" "$t" preempted "30 a100[0]/job-1/job" "86 a100[0]/job-3/job" \
    "117 a100[0]/job-1/job" "158 a100[0]/job-3/job" "189 a100[0]/job-1/job"

  q=srtf-elsewhere
  out="$WORK/$q-$lat"
  run_ok "$q" run "$SCEN" --set policy.queue=srtf --set datacenter.network.latency=$lat \
    --set 'datacenter.pools[0].count=2' --out "$out" --quiet \
    --set 'events=[{at: 0s, drain: "a100[1]"}, {at: 40s, restore: "a100[1]"}]'
  s="$out/stages.csv"
  attempts "$s" "$t" "1 1 0 11 interrupted" "2 1 11 36 done" "3 1 36 96 done" \
    "1 2 40 51 interrupted" "4 1 51 61 done" "1 3 61 147 done"
  check_eq "$q: A resumes on the other server" "a100[1]" "$(awk -F, 'NR>1 && $1==1 && $5==2 {print $7}' "$s")"
  check_near "$q: image pulled there" 2 "$(awk -F, 'NR>1 && $1==1 && $5==2 {print $15}' "$s")" "$t"
  events "$out/events.csv" "$t" preempted "10 a100[0]/job-1/job" "50 a100[1]/job-1/job"
  events "$out/events.csv" "$t" resumed "40 a100[1]/job-1/job" "61 a100[1]/job-1/job"
done
finish
