# Helpers for the benchmarks (sourced, not a benchmark itself: bench/CMakeLists.txt skips
# it). Each benchmark times `vgpusim run` from outside, pinned to one core when taskset is
# there, prints its figures and exits non-zero when one misses its target.
set -euo pipefail
: "${VGPUSIM:?VGPUSIM must point to the vgpusim binary}"
: "${REPO:?REPO must point to the repository root}"
: "${WORK:=$(mktemp -d)}"
mkdir -p "$WORK"
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

# timed ARGS...: runs `vgpusim ARGS` on one core; prints its wall seconds.
timed() {
  local t0 t1
  t0=$(date +%s.%N)
  "${pin[@]}" "$VGPUSIM" "$@" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

# best_of N ARGS...: the fastest of N `timed ARGS` (short runs are noisy).
best_of() {
  local n=$1 best="" t
  shift
  for _ in $(seq "$n"); do
    t=$(timed "$@")
    best=$(awk -v b="$best" -v t="$t" 'BEGIN { print (b == "" || t < b) ? t : b }')
  done
  echo "$best"
}

# user_s CMD...: runs CMD on one core; prints its user CPU seconds (what the load of other
# processes on the machine moves least).
user_s() {
  local f
  f=$(mktemp)
  "${pin[@]}" /usr/bin/time -f %U -o "$f" "$@" >/dev/null
  cat "$f"
  rm -f "$f"
}

# at_most WHAT VALUE LIMIT [UNIT]: prints the figure against its target; fails above it.
at_most() {
  echo "$1: $2${4:+ $4} (target <= $3${4:+ $4})"
  awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }' || { echo "$1: MISSED its target" >&2; return 1; }
}

# loglog_plot TITLE < "WORK SECONDS" lines: a small text plot of cost against work on
# log-log axes, with the least-squares slope (1: cost linear in the work, 2: quadratic).
loglog_plot() {
  awk -v title="$1" '
    NF >= 2 && $1 > 0 && $2 > 0 { n++; x[n] = log($1) / log(10); y[n] = log($2) / log(10) }
    END {
      if (n < 2) exit
      W = 40; H = 10
      x0 = x[1]; x1 = x[1]; y0 = y[1]; y1 = y[1]
      for (i = 1; i <= n; i++) {
        if (x[i] < x0) x0 = x[i]; if (x[i] > x1) x1 = x[i]
        if (y[i] < y0) y0 = y[i]; if (y[i] > y1) y1 = y[i]
        sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i]
      }
      slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
      if (x1 == x0) x1 = x0 + 1; if (y1 == y0) y1 = y0 + 1
      for (r = 0; r < H; r++) for (c = 0; c < W; c++) g[r, c] = " "
      # The slope-1 line through the first point: linear growth, for reference.
      for (c = 0; c < W; c++) {
        lx = x0 + (x1 - x0) * c / (W - 1); ly = y[1] + (lx - x[1])
        r = int((ly - y0) / (y1 - y0) * (H - 1) + 0.5)
        if (r >= 0 && r < H) g[r, c] = "."
      }
      for (i = 1; i <= n; i++) {
        c = int((x[i] - x0) / (x1 - x0) * (W - 1) + 0.5); r = int((y[i] - y0) / (y1 - y0) * (H - 1) + 0.5)
        g[r, c] = "*"
      }
      printf "%s (log-log; * measured, . linear from the first point): slope %.2f\n", title, slope
      for (r = H - 1; r >= 0; r--) {
        label = r == H - 1 ? sprintf("%8.3g s", 10 ^ y1) : (r == 0 ? sprintf("%8.3g s", 10 ^ y0) : "")
        line = ""
        for (c = 0; c < W; c++) line = line g[r, c]
        printf "%10s |%s\n", label, line
      }
      line = ""; for (c = 0; c < W; c++) line = line "-"; printf "%10s +%s\n", "", line
      printf "%10s  %-20.3g%20.3g\n", "", 10 ^ x0, 10 ^ x1
    }'
}
