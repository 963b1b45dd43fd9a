#!/usr/bin/env python3
"""Seeded mutation fuzzer for vgpusim's inputs (docs/robustness.md).

Takes the shipped scenarios, sweeps and plans, mutates them (values swapped for hostile
ones, keys dropped, duplicated or misspelt, lines cut, bytes flipped) and checks the
contract on each case:
  - `vgpusim validate` (scenarios) answers 0 or 2, never crashes, hangs or says "internal";
  - a scenario that validates also runs: `vgpusim run` exits 0 or 4 (stuck work) within
    the deadline, never 2 (validate said it was valid) or 3;
  - `vgpusim sweep` / `plan` on a mutated file answer 0, 1 or 2 (a sweep stops early at a
    deadline: that is counted, not a failure, as sweeps may be long on purpose).
A failing case is saved under OUT/crashers/ with the command that reproduces it.
Exit status: 0 when no case failed, 1 otherwise. Same seed, same cases.

  tests/fuzz/fuzz_inputs.py --vgpusim build/vgpusim --seconds 60 --seed 1 --out /tmp/fuzz
"""
import argparse
import collections
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

HOSTILE = [
    "nan", "-nan", "inf", "-1", "0", "-0", "1e300", "1e-300", "1e308s", "1e-300s", "1e300s",
    "99999999999999999999", "18446744073709551616", "abc", "''", "\"\"", "[]", "{}",
    "null", "~", "true", "0x10", "1e26", "1e12/s", "0/s", "0Gbps", "1bps", "1us", "0s",
    "-5s", "7e9", "1000000", "2147483648", "0.5", "1.5", "\"\\xff\"", "x" * 1024,
    "\u00e9t\u00e9", "1e9", "4096", "65", "1001", "999", "1ms", "1h", "100000d",
    "*anchor", "&a 1", "!!binary AAAA", "{a: 1}", "[1, 2, 3]",
]
KEY_TYPOS = ["countt", "gpu", "vgpuu", "rate ", "modee", "", "a.b", "[0]", "<<"]
# Flags that `run` checks itself before the engine (SimGrid settings, the memory budget):
# good and bad ones, added to a run now and then.
RUN_FLAGS = [
    ["--sg-cfg", "network/model:CM02"], ["--sg-cfg", "contexts/stack-size:128"],
    ["--sg-cfg", "contexts/stack-size:1"], ["--sg-cfg", "contexts/stack-size:-5"],
    ["--sg-cfg", "contexts/factory:nope"], ["--sg-cfg", "network/model:CM03"],
    ["--sg-cfg", "garbage"], ["--sg-cfg", ""], ["--sg-cfg", ":"], ["--sg-cfg", "a:b:c"],
    ["--sg-cfg", "network/TCP-gamma:nan"], ["--sg-cfg", "network/TCP-gamma:1e400"],
    ["--sg-cfg", "maxmin/precision:0"], ["--sg-cfg", "network/crosstraffic:maybe"],
    ["--sg-cfg", "network/model:Constant"], ["--sg-cfg", "network/solver:bmf"],
    ["--sg-cfg", "contexts/nthreads:0"], ["--sg-cfg", "debug/breakpoint:0"],
    ["--sg-log", "root.thres:loud"], ["--sg-log", "root.thres:error"], ["--sg-log", "garbage"],
    ["--sg-log", "root.app:file:/nonexistent/x"], ["--sg-log", "root.fmt:%m%n"],
    ["--sg-log", "."], ["--sg-log", ".thres:"],
    ["--memory-budget", "1B"], ["--memory-budget", "0B"], ["--memory-budget", "nan"],
    ["--memory-budget", "1e300B"], ["--memory-budget", "64GiB"],
]


def mutate(text, rng):
    """One to three random edits of a YAML text."""
    for _ in range(rng.randint(1, 3)):
        lines = text.split("\n")
        kind = rng.random()
        values = [m for m in re.finditer(r"(\b[\w.]+): *([^,{}\[\]\n#]+?)(?=[,}\]\n#]|$)", text)]
        if kind < 0.55 and values:
            m = rng.choice(values)
            new = rng.choice(HOSTILE)
            # Keep a unit now and then: "1e300" + "h"
            unit = re.sub(r"^[-+0-9.eE]+", "", m.group(2).strip())
            if unit and rng.random() < 0.4 and re.match(r"^-?[0-9.eE+-]+$", new):
                new += unit
            text = text[:m.start(2)] + new + text[m.end(2):]
        elif kind < 0.65 and values:
            m = rng.choice(values)
            text = text[:m.start(1)] + rng.choice(KEY_TYPOS) + text[m.end(1):]
        elif kind < 0.75 and len(lines) > 2:
            del lines[rng.randrange(len(lines))]
            text = "\n".join(lines)
        elif kind < 0.85 and lines:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif kind < 0.92 and text:
            b = bytearray(text.encode("utf-8", "surrogateescape"))
            for _ in range(rng.randint(1, 4)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            text = b.decode("utf-8", "surrogateescape")
        elif values:
            # A number scaled by a large or tiny factor keeps its unit: realistic overflows.
            m = rng.choice(values)
            v = m.group(2).strip()
            num = re.match(r"^([0-9.]+(?:e[0-9+-]+)?)(.*)$", v)
            if num:
                try:
                    x = float(num.group(1)) * rng.choice([1e-9, 1e-3, 1e3, 1e6, 1e12, 1e30])
                    text = text[:m.start(2)] + f"{x:g}{num.group(2)}" + text[m.end(2):]
                except ValueError:
                    pass
        else:
            text = text[: rng.randrange(len(text) + 1)]
    return text


def run(cmd, deadline, cwd):
    """(exit code or "timeout", output). Its own process group, so that a sweep's workers
    are stopped with it at the deadline."""
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    try:
        out, _ = p.communicate(timeout=deadline)
        rc = p.returncode if p.returncode >= 0 else f"signal{-p.returncode}"
        return rc, out.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return "timeout", ""


def bad_text(out):
    return any(s in out for s in ("internal error", "terminate called", "Assertion",
                                  "AddressSanitizer", "runtime error:", "Segmentation",
                                  "Backtrace"))


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vgpusim", required=True)
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--deadline", type=float, default=30, help="per run, seconds")
    ap.add_argument("--max-cases", type=int, default=0)
    a = ap.parse_args()
    vgpusim = os.path.abspath(a.vgpusim)
    repo = os.path.abspath(a.repo)
    rng = random.Random(a.seed)
    shutil.rmtree(a.out, ignore_errors=True)
    root = os.path.join(a.out, "tree")
    # A copy of the input folders, so that relative paths (traces, base scenarios) resolve.
    for d in ("scenarios", "sweeps", "plans"):
        shutil.copytree(os.path.join(repo, d), os.path.join(root, d))
    os.symlink(os.path.join(repo, "data"), os.path.join(root, "data"))
    crashers = os.path.join(a.out, "crashers")
    os.makedirs(crashers)
    seeds = []
    for d in ("scenarios", "sweeps", "plans"):
        for sub, _, files in sorted(os.walk(os.path.join(root, d))):
            for f in sorted(files):
                if f.endswith(".yaml"):  # subfolders too (scenarios/llm-8b/...)
                    rel = os.path.relpath(os.path.join(sub, f), os.path.join(root, d))
                    with open(os.path.join(sub, f), encoding="utf-8") as fh:
                        seeds.append((d, rel, fh.read()))
    counts = collections.Counter()
    failures = 0
    end = time.monotonic() + a.seconds
    case = 0
    while time.monotonic() < end and (a.max_cases == 0 or case < a.max_cases):
        case += 1
        # Scenarios mostly: a sweep or plan case runs several simulations.
        pool = [x for x in seeds if (x[0] == "scenarios") == (rng.random() < 0.85)] or seeds
        d, name, text = rng.choice(pool)
        mutated = mutate(text, rng)
        # Beside its seed, so that its relative paths (traces, base scenarios) resolve.
        rel = os.path.join(d, os.path.dirname(name), f"fuzz-{case}.yaml")
        path = os.path.join(root, rel)
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write(mutated)
        outdir = os.path.join(a.out, "run")
        problems = []
        if d == "scenarios":
            rc, out = run([vgpusim, "validate", rel], a.deadline, root)
            counts[f"validate:{rc}"] += 1
            if rc not in (0, 2) or bad_text(out):
                problems.append(f"validate exit {rc}")
            if rc == 0:
                flags = rng.choice(RUN_FLAGS) if rng.random() < 0.15 else []
                rc, out = run([vgpusim, "run", rel, "--out", outdir, "--quiet"] + flags,
                              a.deadline, root)
                counts[f"run:{rc}"] += 1
                # A bad flag is exit 2 naming it; otherwise what validated must run.
                flag_refused = rc == 2 and flags and flags[0] in out
                if (rc not in (0, 4) and not flag_refused) or bad_text(out):
                    problems.append(f"run {' '.join(flags)} exit {rc} after validate said valid")
        else:
            cmd = "sweep" if d == "sweeps" else "plan"
            rc, out = run([vgpusim, cmd, rel, "--out", outdir, "--jobs", "2", "--quiet"],
                          a.deadline / 2, root)
            counts[f"{cmd}:{rc}"] += 1
            if rc not in (0, 1, 2, "timeout") or bad_text(out):
                problems.append(f"{cmd} exit {rc}")
        shutil.rmtree(outdir, ignore_errors=True)
        if problems:
            failures += 1
            keep = os.path.join(crashers, f"case-{case}-{d}-{name.replace('/', '-')}")
            with open(keep, "w", encoding="utf-8", errors="surrogateescape") as fh:
                fh.write(mutated)
            with open(keep + ".txt", "w", encoding="utf-8") as fh:
                fh.write(f"{'; '.join(problems)}\nfrom {d}/{name}, seed {a.seed}, case {case}\n"
                         f"{out[-4000:]}\n")
            print(f"case {case} ({d}/{name}): {'; '.join(problems)}", file=sys.stderr)
        os.remove(path)
    hist = ", ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0])))
    print(f"fuzz: seed {a.seed}, {case} cases in {a.seconds:g} s, {failures} failing; {hist}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
