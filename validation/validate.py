#!/usr/bin/env python3
"""The validation suite: vgpusim against published measurements (docs/validation.md).

Each case is a scenario `validation/NAME.yaml` with a sidecar `validation/NAME.json` that
holds the published figure(s), their source and a tolerance, one row per figure:

  {"title": ..., "scenario": "NAME.yaml", "source": ..., "hardware": ..., "software": ...,
   "captures": ..., "misses": ...,
   "rows": [{"label": ..., "set": ["key.path=value", ...], "measured": 22, "unit": "s",
             "tolerance": 0.2, "status": "validated" | "miss" | "prediction" | "not_modelled",
             "values": {"x": {"file": "migrations.csv", "column": "downtime_s", "row": 0}},
             "metric": "x",            # a Python expression over the values
             "expect": 21.6,           # miss / prediction rows: the simulated figure the doc shows
             "why": ...}]}

What a row checks (so that no row can silently go stale):
  validated    |simulated - measured| <= tolerance x measured;
  miss         the model is known not to reach the figure: the simulated value is still
               `expect` (within 1 %) and still outside the tolerance, so a model change
               shows up here and prompts the row to be re-marked;
  prediction   no published measurement: the simulated value is `expect` (within 1 %),
               the model's own analytic prediction written in the sidecar;
  not_modelled the simulator has no model for it yet: nothing is run, the row says why.

Usage:
  validate.py run NAME.json --vgpusim BIN --work DIR      # one case (a CTest test); also
                                                          # writes DIR/NAME.results.json
  validate.py doc --vgpusim BIN --work DIR [--check]      # regenerate docs/validation.md;
                                                          # reuses DIR/NAME.results.json
                                                          # newer than the case and binary
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DOC = os.path.join(REPO, "docs", "validation.md")


def load_case(path):
    with open(path) as f:
        case = json.load(f)
    case["name"] = os.path.splitext(os.path.basename(path))[0]
    return case


def extract(out_dir, spec):
    """One figure from a run's outputs: a CSV cell or a summary.json path."""
    path = os.path.join(out_dir, spec["file"])
    if spec["file"].endswith(".json"):
        with open(path) as f:
            node = json.load(f)
        for key in spec["path"].split("."):
            node = node[int(key)] if isinstance(node, list) else node[key]
        return float(node)
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if "where" in spec:
        rows = [r for r in rows if all(r[k] == str(v) for k, v in spec["where"].items())]
    if not rows:
        raise ValueError(f"{spec['file']}: no row matches {spec.get('where')}")
    return float(rows[spec.get("row", 0)][spec["column"]])


def simulate(case, row, vgpusim, work):
    """Runs the row's scenario and returns (simulated value, output directory)."""
    out = os.path.join(work, case["name"], row["label"].replace(" ", "_").replace("/", "_"))
    cmd = [vgpusim, "run", os.path.join(HERE, case["scenario"]), "--out", out, "--quiet"]
    for s in row.get("set", []):
        cmd += ["--set", s]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {res.returncode}:\n{res.stderr}")
    values = {k: extract(out, spec) for k, spec in row["values"].items()}
    value = eval(row["metric"], {"__builtins__": {}, "math": math}, values)  # noqa: S307
    return float(value)


def check_row(row, sim):
    """(ok, message) for a simulated figure against the row's status."""
    status = row["status"]
    err = (sim - row["measured"]) / row["measured"] if row.get("measured") else None
    within = err is not None and abs(err) <= row["tolerance"]
    if status == "validated":
        return within, f"error {err:+.1%} (tolerance {row['tolerance']:.0%})"
    near = abs(sim - row["expect"]) <= 0.01 * abs(row["expect"])
    if status == "miss":
        return near and not within, (
            f"error {err:+.1%}, expected the marked miss at {row['expect']:g} "
            f"(outside {row['tolerance']:.0%}; if it is now within, re-mark the row)")
    if status == "prediction":
        return near, f"model prediction {row['expect']:g}"
    raise ValueError(f"unknown status {status}")


def run_case(case, vgpusim, work):
    """Runs every row; returns [(row, simulated or None, ok, message)]."""
    results = []
    for row in case["rows"]:
        if row["status"] == "not_modelled":
            results.append((row, None, True, "not modelled: " + row["why"]))
            continue
        try:
            sim = simulate(case, row, vgpusim, work)
            ok, msg = check_row(row, sim)
        except Exception as e:  # a broken run is a failed row, with the reason
            sim, ok, msg = None, False, str(e)
        results.append((row, sim, ok, msg))
    return results


def results_path(case, work):
    return os.path.join(work, case["name"] + ".results.json")


def save_results(case, results, work):
    """What `doc` needs of a case's rows, so that it need not run them again."""
    os.makedirs(work, exist_ok=True)
    tmp = results_path(case, work) + ".tmp"
    with open(tmp, "w") as f:
        json.dump([[sim, ok, msg] for _, sim, ok, msg in results], f)
    os.replace(tmp, results_path(case, work))


def cached_results(case, vgpusim, work):
    """The rows as `run` left them, if newer than the sidecar, its scenario, this script and
    the binary (CTest runs the cases first: fixture validation_results); else run them."""
    path = results_path(case, work)
    inputs = [os.path.join(HERE, case["name"] + ".json"), os.path.join(HERE, case["scenario"]),
              os.path.abspath(__file__), vgpusim]
    try:
        if os.path.getmtime(path) >= max(os.path.getmtime(p) for p in inputs):
            with open(path) as f:
                saved = json.load(f)
            if len(saved) == len(case["rows"]):
                return [(row, sim, ok, msg) for row, (sim, ok, msg) in zip(case["rows"], saved)]
    except (OSError, ValueError):
        pass
    return run_case(case, vgpusim, work)


def fmt(v):
    if v is None:
        return "—"
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"


STATUS = {"validated": "within tolerance", "miss": "**miss** (marked)",
          "prediction": "prediction (no measurement)", "not_modelled": "**not modelled**"}


def render(cases_results):
    lines = [
        "# Validation against published measurements",
        "",
        "<!-- Generated by validation/validate.py doc; edit the sidecars under validation/, -->",
        "<!-- not this file. `ctest -L validation` checks every row and that this file is current. -->",
        "",
        "Each row runs one scenario of `validation/` and compares one simulated figure with a",
        "published measurement. The sidecar `validation/NAME.json` holds the figure, its source",
        "and the tolerance. Rows the model does not reach stay in the table, marked, with the",
        "reason: their test checks that the simulated figure is still the one shown here, so a",
        "model change that fixes (or moves) them is noticed. Error = (simulated - measured) /",
        "measured.",
        "",
        "| case | what was measured | measured | simulated | error | tolerance | status |",
        "|---|---|---|---|---|---|---|",
    ]
    for case, results in cases_results:
        for row, sim, ok, _ in results:
            m = row.get("measured")
            err = f"{(sim - m) / m:+.1%}" if sim is not None and m else "—"
            tol = f"{row['tolerance']:.0%}" if "tolerance" in row else "—"
            unit = row.get("unit", "")
            lines.append(
                f"| [{case['name']}](#{case['name'].replace('_', '-')}) | {row['label']} | "
                f"{fmt(m)} {unit if m else ''} | {fmt(sim)} {unit if sim is not None else ''} | "
                f"{err} | {tol} | {STATUS[row['status']]}{'' if ok else ' FAILING'} |")
    lines.append("")
    for case, results in cases_results:
        lines += [f"## {case['name'].replace('_', '-')}", "", f"**{case['title']}**", ""]
        lines.append(f"- Source: {case['source']}")
        lines.append(f"- Hardware: {case['hardware']}")
        lines.append(f"- Software: {case['software']}")
        lines.append(f"- Scenario: `validation/{case['scenario']}`")
        lines += ["", f"*What the model captures.* {case['captures']}", "",
                  f"*What it misses.* {case['misses']}", ""]
        notes = [(row["label"], row["why"]) for row, _, _, _ in results if row.get("why")]
        for label, why in notes:
            lines.append(f"- {label}: {why}")
        if notes:
            lines.append("")
    return "\n".join(lines)


def all_cases():
    return [load_case(os.path.join(HERE, f)) for f in sorted(os.listdir(HERE))
            if f.endswith(".json")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["run", "doc"])
    ap.add_argument("case", nargs="?")
    ap.add_argument("--vgpusim", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--check", action="store_true", help="doc: fail if docs/validation.md is stale")
    a = ap.parse_args()
    if a.command == "run":
        case = load_case(a.case)
        failed = 0
        results = run_case(case, a.vgpusim, a.work)
        save_results(case, results, a.work)
        for row, sim, ok, msg in results:
            print(f"{'ok' if ok else 'FAIL'}: {case['name']}: {row['label']}: measured "
                  f"{row.get('measured')} simulated {sim}: {msg}")
            failed += not ok
        sys.exit(1 if failed else 0)
    text = render([(c, cached_results(c, a.vgpusim, a.work)) for c in all_cases()]) + "\n"
    if a.check:
        with open(DOC) as f:
            current = f.read()
        if current != text:
            sys.stderr.write("docs/validation.md is stale: run "
                             "python3 validation/validate.py doc --vgpusim build/vgpusim --work /tmp/v\n")
            sys.exit(1)
        print("docs/validation.md is current")
        return
    tmp = DOC + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, DOC)
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
