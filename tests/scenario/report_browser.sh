#!/usr/bin/env bash
# Every page vgpusim draws, in a real browser (headless Chromium, docs/outputs.md): the
# report of each shipped scenario, a sweep's sweep.html and a plan's plan.html. Each page
# is loaded in a 1024 px wide frame (tools/page_check.html) and must not scroll sideways,
# have an element past the page's right edge, cut SVG text at its chart's edge, load any
# resource (self-contained: nothing fetched) or print anything on the console; each is
# screenshotted. CI installs chromium (.ci/run) and sets VGPUSIM_REQUIRE_BROWSER=1, so
# there a missing browser fails; elsewhere the test is skipped with the reason.
source "$(dirname "$0")/lib.sh"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  if [ "${VGPUSIM_REQUIRE_BROWSER:-0}" = 1 ]; then
    fail "chromium is not installed, and VGPUSIM_REQUIRE_BROWSER=1 (CI) asks for the browser checks"
    finish
  fi
  echo "SKIP: chromium is not installed (apt-get install chromium); the page checks need a real browser"
  exit 77
fi
pages="$WORK/pages"
mkdir -p "$pages" "$WORK/shots"
cp "$TESTS/scenario/tools/page_check.html" "$pages/"

# The shipped scenarios (ai-pipeline cut to 20 minutes: its services take long to simulate),
# with decisions recorded so that the "Why stages waited" section is drawn too.
names=()
for f in "$REPO"/scenarios/*.yaml "$REPO"/scenarios/*/*.yaml; do
  name=$(basename "$(dirname "$f")")-$(basename "$f" .yaml)
  name=${name#scenarios-}
  extra=()
  [ "$name" = ai-pipeline ] && extra=(--set horizon=20min)
  rc=0
  (cd "$REPO" && "$VGPUSIM" run "${f#"$REPO"/}" --out "$pages/$name" --quiet \
     --set outputs.trace=false --set outputs.decisions=true "${extra[@]}") >"$WORK/$name.log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ]; then fail "$name: run exited $rc"; cat "$WORK/$name.log" >&2; continue; fi
  names+=("$name/report.html")
done
# A sweep and a plan over the quickstart: 2 fleets x 2 seeds.
cat >"$WORK/fleet.yaml" <<YAML
version: 1
name: fleet
scenario: $REPO/scenarios/quickstart.yaml
set: {outputs.trace: false, outputs.report: false}
vary:
  datacenter.pools[0].count: [4, 6]
seeds: [1, 2]
YAML
{ cat "$WORK/fleet.yaml"; printf 'targets:\n  - {metric: jct_s.p95, max: 42h}\ncost: cost.total_usd\n'; } >"$WORK/plan.yaml"
run_ok sweep sweep "$WORK/fleet.yaml" --out "$pages/sweep" --jobs 2 --quiet
run_rc 0 plan plan "$WORK/plan.yaml" --out "$pages/plan" --jobs 2 --quiet
names+=(sweep/sweep.html plan/plan.html)

# One browser for the checks of every page.
query=$(printf '&p=%s' "${names[@]}")
"$browser" --headless --no-sandbox --disable-gpu --allow-file-access-from-files \
  --enable-logging=stderr --v=0 --virtual-time-budget=20000 \
  --dump-dom "file://$pages/page_check.html?${query#&}" >"$WORK/check.html" 2>"$WORK/check.err" || true
sed -n '/<pre id="result">/,/<\/pre>/p' "$WORK/check.html" | sed 's/<[^>]*>//g' >"$WORK/result.txt"
check_eq "page checks finished" done "$(head -1 "$WORK/result.txt")"
check_eq "pages checked" "${#names[@]}" "$(tail -n +2 "$WORK/result.txt" | grep -c .)"
while IFS=$'\t' read -r page problems resources rest; do
  [ -z "$page" ] && continue
  if [ "$problems" = "problems 0" ] && [ "$resources" = "resources 0" ]; then
    pass "$page: nothing overflows or is cut, nothing loaded"
  else
    fail "$page: $problems, $resources: $rest"
  fi
done < <(tail -n +2 "$WORK/result.txt")
if grep -q ":CONSOLE" "$WORK/check.err"; then
  fail "console messages: $(grep ':CONSOLE' "$WORK/check.err" | head -3)"
else
  pass "no console messages"
fi

# A screenshot of each page (a PNG with something drawn: more than 10 kB).
for page in "${names[@]}"; do
  shot="$WORK/shots/$(dirname "$page").png"
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,1400 \
    --screenshot="$shot" "file://$pages/$page" >/dev/null 2>&1 || true
  size=$(stat -c %s "$shot" 2>/dev/null || echo 0)
  if [ "$(head -c 4 "$shot" 2>/dev/null | tail -c 3)" = PNG ] && [ "$size" -gt 10000 ]; then
    pass "screenshot of $page ($size bytes)"
  else
    fail "no screenshot of $page"
  fi
done
finish
