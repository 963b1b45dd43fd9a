#!/usr/bin/env bash
# Issue 4's serving target: a service at 1,000 requests/s for an hour must simulate in
# seconds. Times one `vgpusim run` of bench/data/serve_hour.yaml (3.6M requests) on one core
# and fails above 10 s wall. docs/performance.md records the figure.
set -euo pipefail
: "${VGPUSIM:?}" "${REPO:?}"
: "${WORK:=$(mktemp -d)}"
mkdir -p "$WORK"
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
t0=$(date +%s.%N)
"${pin[@]}" "$VGPUSIM" run "$REPO/bench/data/serve_hour.yaml" --out "$WORK/out" --quiet
t1=$(date +%s.%N)
t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
served=$(awk -F, 'NR == 2 { for (i = 1; i <= NF; i++) if (h[i] == "served") print $i; next } { for (i = 1; i <= NF; i++) h[i] = $i }' "$WORK/out/requests.csv")
echo "serve 1000/s for 1h: $served requests served in $t s wall (target: seconds, < 10)"
awk -v t="$t" 'BEGIN { exit !(t < 10) }'
