#!/usr/bin/env bash
# Zero-tolerance comparison of every shipped scenario (scenarios/*.yaml and its subfolders)
# between two builds: runs each scenario with BASE and CAND, then `vgpusim compare` with a
# rules file holding every number of the baseline's summary.json at tolerance 0, and `cmp`
# of every output file. Prints one line per scenario and exits 1 when any summary.json
# differs. docs/performance.md ("Results unchanged") records its output.
#
#   scripts/compare_shipped.sh BASE_VGPUSIM CAND_VGPUSIM [WORK_DIR]
#
# SCENARIOS (default: the shipped ones) lists other scenario files; RUN_ARGS adds
# arguments to every run (e.g. RUN_ARGS="--set outputs.trace=false").
#
# BASE is typically a build of an earlier commit, e.g. (the issue 11 baseline):
#   git worktree add /tmp/base 9bd75bf && cmake -S /tmp/base -B /tmp/base/build \
#     -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/base/build -j2
set -euo pipefail
base=${1:?usage: $0 BASE_VGPUSIM CAND_VGPUSIM [WORK_DIR]}
cand=${2:?usage: $0 BASE_VGPUSIM CAND_VGPUSIM [WORK_DIR]}
work=${3:-$(mktemp -d)}
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"
status=0
while IFS= read -r scenario; do
  name=${scenario#"$repo/"}
  name=${name#scenarios/}
  name=${name%.yaml}
  name=${name//\//-}
  mkdir -p "$work/$name"
  for side in base cand; do
    bin=$base
    [ "$side" = cand ] && bin=$cand
    rc=0
    # shellcheck disable=SC2086
    "$bin" run "$scenario" ${RUN_ARGS:-} --out "$work/$name/$side" --quiet >/dev/null 2>"$work/$name/$side.err" ||
      rc=$?
    echo "$rc" >"$work/$name/$side.rc"
  done
  if [ ! -f "$work/$name/base/summary.json" ]; then  # refused input: same exit and message?
    if [ "$(cat "$work/$name/base.rc")" = "$(cat "$work/$name/cand.rc")" ] &&
      cmp -s "$work/$name/base.err" "$work/$name/cand.err"; then
      echo "$name: no run (exit $(cat "$work/$name/base.rc")), same exit code and message"
    else
      echo "$name: DIFFERS: exit codes $(cat "$work/$name/base.rc")/$(cat "$work/$name/cand.rc") or messages"
      status=1
    fi
    continue
  fi
  # Every number of the baseline summary whose keys a metric path can name (the others,
  # such as a VC named "(none)", are still compared byte for byte below).
  rules=$work/$name/rules.yaml
  {
    echo "version: 1"
    echo "rules:"
    jq -r 'paths(numbers) as $p
           | select(all($p[]; type == "number" or test("^[A-Za-z0-9_-]+$")))
           | $p | map(if type == "number" then "[\(.)]" else "." + . end) | join("")
           | ltrimstr(".") | sub("\\.\\["; "[")' "$work/$name/base/summary.json" |
      sed -e "s/^/  - {metric: '/" -e "s/\$/', better: lower, tolerance: 0}/"
  } >"$rules"
  metrics=$(($(wc -l <"$rules") - 2))
  changed=$("$cand" compare "$work/$name/base" "$work/$name/cand" --rules "$rules" 2>&1 |
    awk 'NR > 4 && NF >= 7 && $NF != "ok" && $1 != "metric" { print $1 }' | paste -sd, -) || true
  files_differ=""
  for f in "$work/$name/base"/*; do
    b=$(basename "$f")
    cmp -s "$f" "$work/$name/cand/$b" || files_differ+="${files_differ:+,}$b"
  done
  if [ -z "$changed" ] && cmp -s "$work/$name/base/summary.json" "$work/$name/cand/summary.json"; then
    echo "$name: summary.json identical ($metrics numbers at tolerance 0, exit codes" \
      "$(cat "$work/$name/base.rc")/$(cat "$work/$name/cand.rc"));" \
      "other files differing: ${files_differ:-none}"
  else
    echo "$name: DIFFERS: metrics ${changed:-none (bytes only)}; files ${files_differ:-none}"
    status=1
  fi
done < <(if [ -n "${SCENARIOS:-}" ]; then printf '%s\n' $SCENARIOS; else
  find "$repo/scenarios" -name '*.yaml' | sort; fi)
exit "$status"
