#!/usr/bin/env bash
# The packing experiment's comparison (docs/alibaba-experiment.md): every policy of the
# published study over several seeds on scenarios/alibaba-openb-fgd.yaml, one `vgpusim run`
# each, then a table of the mean allocation at 100% arrived and at the end (~130%),
# best first.
#   scripts/openb-sweep.sh [-b BUILD_DIR] [-s "1 2 3"] [-p "fgd random ..."] [-o OUT_DIR] [-j JOBS]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build="$repo/build"
seeds="1 2 3 4 5"
policies="fgd best-fit gpu-packing gpu-clustering dot-product random"
out=""
jobs=1
scenario="$repo/scenarios/alibaba-openb-fgd.yaml"
while getopts "b:s:p:o:j:c:" opt; do
  case $opt in
    b) build=$OPTARG ;;
    s) seeds=$OPTARG ;;
    p) policies=$OPTARG ;;
    o) out=$OPTARG ;;
    j) jobs=$OPTARG ;;
    c) scenario=$OPTARG ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-s SEEDS] [-p POLICIES] [-o OUT_DIR] [-j JOBS] [-c SCENARIO]" >&2; exit 2 ;;
  esac
done
vgpusim="${VGPUSIM:-$build/vgpusim}"
[ -x "$vgpusim" ] || { echo "no vgpusim binary at $vgpusim (use -b BUILD_DIR or VGPUSIM=...)" >&2; exit 2; }
out="${out:-$(mktemp -d)}"
mkdir -p "$out"

for p in $policies; do for s in $seeds; do echo "$p $s"; done; done |
  xargs -P "$jobs" -n 2 sh -c '"$0" run "$1" --policy "$3" --seed "$4" --out "$2/$3-$4" --quiet ||
                               { echo "run $3 seed $4 failed" >&2; exit 255; }' "$vgpusim" "$scenario" "$out"

printf "%-16s %7s %7s %7s %7s %s\n" policy "@100%" "final" "min" "max" "(allocated % of GPU capacity, mean over seeds: $seeds)"
for p in $policies; do
  for s in $seeds; do
    jq -r '[.packing.allocated_pct_at_100, .packing.allocated_pct_final] | @tsv' "$out/$p-$s/summary.json"
  done | awk -v p="$p" '{ a += $1; f += $2; n++; if (n == 1 || $2 < lo) lo = $2; if (n == 1 || $2 > hi) hi = $2 }
    END { printf "%-16s %7.2f %7.2f %7.2f %7.2f\n", p, a / n, f / n, lo, hi }'
done | sort -k3 -n -r
echo "runs in $out"
