#!/usr/bin/env bash
# Every fenced ```yaml block in docs/*.md and README.md is checked (issue #10):
#   - a whole scenario (top-level `version:` and `datacenter:`) must pass `vgpusim validate`;
#   - a fragment is marked on the line before its fence with
#       <!-- docs-check: fragment of scenarios/NAME.yaml -->
#     and is validated as that scenario with each of the fragment's top-level keys replaced
#     by the fragment's value (`--set KEY=VALUE`, so paths resolve from the base scenario);
#   - any other block (rules, sweep and plan files, CI snippets) is marked
#       <!-- docs-check: not a scenario -->
#     so that a new scenario fragment cannot slip by unchecked: an unmarked block fails.
source "$(dirname "$0")/lib.sh"
python3 - "$REPO" "$WORK" "$VGPUSIM" <<'PY' || FAILURES=$((FAILURES + 1))
import glob, os, re, subprocess, sys
repo, work, vgpusim = sys.argv[1:4]
fence = re.compile(r"^```yaml\s*$")
marker = re.compile(r"^<!-- docs-check: (fragment of (\S+)|not a scenario) -->\s*$")
failures, checked = 0, 0

def top_level(text):
    """{key: value text} for each top-level key of a block-style YAML mapping (by indentation)."""
    keys, key, lines = {}, None, []
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z_][\w-]*):(.*)$", line)
        if m:
            if key: keys[key] = "\n".join(lines)
            key, lines = m.group(1), [m.group(2)]
        elif key is not None:
            lines.append(line)
    if key: keys[key] = "\n".join(lines)
    return keys

def validate(name, scenario, sets):
    global failures, checked
    checked += 1
    args = [vgpusim, "validate", scenario] + [a for k, v in sets for a in ("--set", f"{k}={v}")]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode == 0:
        print(f"ok: {name} validates")
    else:
        failures += 1
        print(f"FAIL: {name} does not validate:\n{p.stdout}{p.stderr}", file=sys.stderr)

for md in sorted(glob.glob(os.path.join(repo, "docs", "*.md"))) + [os.path.join(repo, "README.md")]:
    lines = open(md, encoding="utf-8").read().splitlines()
    i = 0
    while i < len(lines):
        if not fence.match(lines[i]):
            i += 1
            continue
        start = i
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        body = "\n".join(lines[start + 1:j]) + "\n"
        i = j + 1
        where = f"{os.path.relpath(md, repo)}:{start + 1}"
        m = marker.match(lines[start - 1]) if start > 0 else None
        keys = top_level(body)
        if m and m.group(2):
            validate(where + " (fragment of " + m.group(2) + ")", os.path.join(repo, m.group(2)),
                     sorted(keys.items()))
        elif m:
            print(f"ok: {where} is marked as not a scenario")
        elif "version" in keys and "datacenter" in keys:
            path = os.path.join(work, f"doc-{checked}.yaml")
            open(path, "w", encoding="utf-8").write(body)
            validate(where + " (scenario)", path, [])
        else:
            failures += 1
            print(f"FAIL: {where}: a yaml block that is neither a whole scenario nor marked; put "
                  "'<!-- docs-check: fragment of scenarios/NAME.yaml -->' or "
                  "'<!-- docs-check: not a scenario -->' on the line before its fence",
                  file=sys.stderr)
print(f"{checked} scenario examples validated")
sys.exit(1 if failures or checked == 0 else 0)
PY
finish
