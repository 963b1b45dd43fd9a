#!/usr/bin/env bash
# Queue disciplines through the binary, against start times computed by hand.
# backfill.yaml: one server, two whole A100-PCIe-80GB; U = 1e17 FLOP / (bf16 peak x 0.5).
#   long 10U from 0, mid 1U from 0; big (2 GPUs) waits from t=U for long (t=10U);
#   short (5U) and small (20U) queue behind it.
#   none:   nothing passes big; short and small start when big ends.
#   easy:   big is reserved for t=10U; short ends at 6U <= 10U and starts at U; small
#           would hold a GPU past 10U and waits for big.
#   greedy: short at U, small when short ends (6U), big only when small ends (26U).
# sjf.yaml: one GPU held until U; small (10U) arrives before short (5U); sjf runs short first.
source "$(dirname "$0")/lib.sh"
peak=$(board_peak A100-PCIe-80GB)
u=$(calc "1e17 / ($peak * 0.5)")
x() { awk -v u="$u" -v k="$1" 'BEGIN { printf "%.9f", k * u }'; }
start() { csv_get "$WORK/$1/stages.csv" workflow "$2" start_s; }
end() { csv_get "$WORK/$1/stages.csv" workflow "$2" end_s; }
for b in none easy greedy; do
  run_ok "$b" run "$TESTS/scenario/data/backfill.yaml" --set "policy.backfill=$b" --out "$WORK/$b" --quiet
done
check_near "none: big starts when long ends" "$(x 10)" "$(start none big)" 1e-6
check_near "none: short waits for big" "$(end none big)" "$(start none short)" 1e-6
check_near "none: small waits for big" "$(end none big)" "$(start none small)" 1e-6
check_near "easy: short backfills at U" "$(x 1)" "$(start easy short)" 1e-6
check_near "easy: big keeps its reserved start" "$(x 10)" "$(start easy big)" 1e-6
check_near "easy: small (would delay big) waits for it" "$(end easy big)" "$(start easy small)" 1e-6
check_near "greedy: short at U" "$(x 1)" "$(start greedy short)" 1e-6
check_near "greedy: small when short ends" "$(x 6)" "$(start greedy small)" 1e-6
check_near "greedy: big delayed until small ends" "$(x 26)" "$(start greedy big)" 1e-6
# true/false stay accepted; true is EASY.
run_ok true run "$TESTS/scenario/data/backfill.yaml" --set policy.backfill=true --out "$WORK/true" --quiet
check_eq "backfill: true is easy" "$(cat "$WORK/easy/stages.csv")" "$(cat "$WORK/true/stages.csv")"
"$VGPUSIM" validate "$TESTS/scenario/data/backfill.yaml" --set policy.backfill=sometimes \
  >/dev/null 2>"$WORK/bad.err" && fail "an unknown backfill value was accepted"
check_contains "unknown backfill value: the allowed ones" "$WORK/bad.err" \
  "policy.backfill: 'sometimes' is not allowed; one of: none, easy, greedy, true, false"

run_ok fifo run "$TESTS/scenario/data/sjf.yaml" --set policy.queue=fifo --out "$WORK/fifo" --quiet
run_ok sjf run "$TESTS/scenario/data/sjf.yaml" --out "$WORK/sjf" --quiet
check_near "fifo: small first" "$(x 1)" "$(start fifo small)" 1e-6
check_near "fifo: short after small" "$(x 11)" "$(start fifo short)" 1e-6
check_near "sjf: short first (smaller estimate)" "$(x 1)" "$(start sjf short)" 1e-6
check_near "sjf: small after short" "$(x 6)" "$(start sjf small)" 1e-6
finish
