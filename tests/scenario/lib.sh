# Helpers for scenario tests (sourced, not a test itself: CTest runs tests/scenario/*.sh
# except this file). Each test runs the vgpusim binary and checks its outputs.
set -euo pipefail
: "${VGPUSIM:?VGPUSIM must point to the vgpusim binary}"
: "${REPO:?REPO must point to the repository root}"
: "${WORK:=$(mktemp -d)}"
rm -rf "$WORK" && mkdir -p "$WORK"
FAILURES=0

fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
pass() { echo "ok: $*"; }

# check_eq WHAT EXPECTED ACTUAL
check_eq() {
  if [ "$2" == "$3" ]; then pass "$1 = $3"; else fail "$1: expected '$2', got '$3'"; fi
}

# check_near WHAT EXPECTED ACTUAL REL_TOLERANCE
check_near() {
  if awk -v e="$2" -v a="$3" -v t="$4" 'BEGIN { d = e - a; if (d < 0) d = -d; m = e < 0 ? -e : e;
       exit !(d <= t * (m > 1e-12 ? m : 1)) }'; then
    pass "$1 = $3 (expected $2 within $4)"
  else
    fail "$1: expected $2 within relative $4, got $3"
  fi
}

# check_contains WHAT FILE TEXT
check_contains() {
  if grep -qF -- "$3" "$2"; then pass "$1 contains '$3'"; else fail "$1 lacks '$3'"; echo "--- $2:" >&2; cat "$2" >&2; fi
}

# json FILE JQ_FILTER
json() { jq -r "$2" "$1"; }

# csv_get FILE KEY_COLUMN KEY VALUE_COLUMN: value of VALUE_COLUMN on the first row whose
# KEY_COLUMN equals KEY (columns by header name; simple CSV without quoted commas).
csv_get() {
  awk -F, -v kc="$2" -v k="$3" -v vc="$4" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
       $col[kc] == k { print $col[vc]; exit }' "$1"
}

# run_rc EXPECTED NAME ARGS...: runs vgpusim (stdout, stderr in $WORK/NAME.out, .err) and
# checks its exit code.
run_rc() {
  local expected=$1 name=$2 rc=0; shift 2
  "$VGPUSIM" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  check_eq "$name: exit code" "$expected" "$rc"
}

# scale_event SCALING_CSV EVENT REPLICA: the time of the first EVENT (requested, ready,
# retired, lost, ...) of REPLICA in a scaling.csv.
scale_event() {
  awk -F, -v e="$2" -v k="$3" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
       $col["event"] == e && $col["replica"] == k { print $col["time_s"]; exit }' "$1"
}

# run_ok NAME ARGS...: runs vgpusim, failing the test on a non-zero exit.
run_ok() {
  local name=$1; shift
  if ! "$VGPUSIM" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
    fail "vgpusim $* exited non-zero"; cat "$WORK/$name.err" >&2; finish
  fi
}

# run_at LAT DIR SCENARIO [ARGS...]: announces latency LAT (a LATENCIES value) and runs
# SCENARIO at that network latency with its outputs in DIR, failing the test on a non-zero exit.
run_at() {
  local lat=$1 dir=$2 scenario=$3; shift 3
  echo "--- latency $lat"
  run_ok "$(basename "$dir")" run "$scenario" --out "$dir" --quiet \
    --set "datacenter.network.latency=$lat" "$@"
}

# board_peak BOARD [PRECISION]: the catalog's peak FLOP/s of BOARD at PRECISION (bf16).
board_peak() {
  "$VGPUSIM" catalog --json |
    jq -r --arg b "$1" --arg p "${2:-bf16}" '.gpus[] | select(.name == $b) | .peak_flops[$p]'
}

# calc EXPR: the value of the awk expression EXPR to 9 decimals (a hand-computed figure).
calc() { awk "BEGIN { printf \"%.9f\", $1 }"; }

# Analytic network, storage and migration tests run at every latency of LATENCIES: 0 (where
# the formula is exact) and a realistic datacenter latency, where every figure must still
# agree with the formula within 0.5 % (`lat_tol LAT STRICT` gives the tolerance: STRICT at
# 0 s, 0.005 otherwise). Pass `--set datacenter.network.latency=LAT` to the run.
LATENCIES="0s 20us"
lat_tol() { if [ "$1" == "0s" ]; then echo "$2"; else echo 0.005; fi; }
# lat_s LAT: a LATENCIES value (0s, 20us, 1ms) in seconds, for figures that pay it exactly.
lat_s() {
  case $1 in
    *us) calc "${1%us} * 1e-6" ;;
    *ms) calc "${1%ms} * 1e-3" ;;
    *s) calc "${1%s}" ;;
  esac
}

finish() {
  if [ "$FAILURES" -gt 0 ]; then echo "$FAILURES check(s) failed" >&2; exit 1; fi
  echo "all checks passed"; exit 0
}
