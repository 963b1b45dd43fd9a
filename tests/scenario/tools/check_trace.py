#!/usr/bin/env python3
"""Checks a vgpusim trace.json (or .json.gz) the way a trace viewer reads it.

- every ts / dur is a whole number of nanoseconds (at most 3 decimals of microseconds);
- on each thread, complete events nest properly: two slices either do not overlap or one
  holds the other (Perfetto drops a slice that overlaps its neighbour partially);
- every flow start ("s") has its finish ("f") with the same id.
Prints "slices=N threads=N flows=N instants=N max_vm_lanes_per_gpu=N" and exits 1 on the
first problem.
"""
import gzip
import json
import sys
from collections import defaultdict
from decimal import Decimal


def ns(text):
    d = Decimal(text)
    v = d * 1000
    if v != v.to_integral_value():
        sys.exit(f"not whole nanoseconds: {text}")
    return int(v)


def main(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        # Keep numbers as text: floats would hide a 1 ns overlap.
        doc = json.load(f, parse_float=str, parse_int=str)
    by_thread = defaultdict(list)
    flows = defaultdict(set)
    instants = 0
    threads = set()
    for e in doc["traceEvents"]:
        ph = e["ph"]
        if ph == "M" and e["name"] == "thread_name":
            threads.add((e["pid"], e["tid"], e["args"]["name"]))
        if ph == "X":
            a = ns(e["ts"])
            b = a + ns(e["dur"])
            if b < a:
                sys.exit(f"negative duration: {e}")
            by_thread[(e["pid"], e["tid"])].append((a, -b, e["name"]))
        elif ph in ("s", "f"):
            ns(e["ts"])
            flows[e["id"]].add(ph)
        elif ph == "i":
            ns(e["ts"])
            instants += 1
        elif ph == "C":
            ns(e["ts"])
    slices = 0
    for key, evs in by_thread.items():
        evs.sort()
        stack = []  # ends of the open slices
        for a, nb, name in evs:
            b = -nb
            while stack and stack[-1] <= a:
                stack.pop()
            if stack and b > stack[-1]:
                sys.exit(f"thread {key}: '{name}' [{a}, {b}] ns overlaps its neighbour ending at {stack[-1]}")
            stack.append(b)
            slices += 1
    for fid, phs in flows.items():
        if phs != {"s", "f"}:
            sys.exit(f"flow {fid}: has {sorted(phs)}, wants s and f")
    lanes = defaultdict(int)
    for pid, tid, name in threads:
        if name.startswith("GPU "):
            lanes[(pid, name.split(" lane ")[0])] += 1
    print(f"slices={slices} threads={len(threads)} flows={len(flows)} instants={instants} "
          f"max_vm_lanes_per_gpu={max(lanes.values(), default=0)}")


if __name__ == "__main__":
    main(sys.argv[1])
