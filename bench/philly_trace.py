#!/usr/bin/env python3
"""Writes a Philly-scale job trace in the Helios artifact's cluster_log.csv format
(docs/traces.md), seeded: by default 100,000 jobs submitted over 60 days in 11 virtual
clusters, asking 1 to 16 GPUs. The shape follows what the Philly study (Jeon et al.,
ATC '19) reports qualitatively: most jobs ask one GPU, run times are heavy-tailed, and
about a third of jobs end failed or killed. The figures are this generator's choices, not
fitted to the trace; they size the bench, nothing more.

--load L scales every run time by one factor so that the GPU time the jobs ask (run times
capped at 14 days) is L times what --gpus GPUs offer over the span of the submissions; the
cap applies again after scaling. With L a little above 1 jobs queue in bursts and a
preemptive scheduler has work to do. Without it the run times are as drawn (about 0.4 of
2,800 GPUs). The draws are the same either way: only the scaling differs.

usage: philly_trace.py OUT.csv [--jobs N] [--days D] [--seed S] [--load L] [--gpus G]
"""
import argparse
import datetime
import math
import random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--jobs", type=int, default=100_000)
parser.add_argument("--days", type=float, default=60)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--load", type=float, default=None)
parser.add_argument("--gpus", type=int, default=2800)
a = parser.parse_args()

rng = random.Random(a.seed)
vcs = [f"vc{i:02d}" for i in range(11)]
vc_weights = [30, 18, 12, 10, 8, 6, 5, 4, 3, 2, 2]
gpus = [1, 2, 4, 8, 16]
gpu_weights = [70, 10, 10, 8, 2]
states = ["Pass", "Failed", "Killed"]
state_weights = [66, 20, 14]
start = datetime.datetime(2017, 10, 1)
span = a.days * 86400
# Poisson arrivals at the rate that puts `jobs` in `days`, sorted by construction.
t = 0.0
rate = a.jobs / span
rows = []
for i in range(a.jobs):
    t += rng.expovariate(rate)
    g = rng.choices(gpus, gpu_weights)[0]
    # Log-normal run time, median 1 h, sigma 2 (mean about 7 h).
    d = math.exp(math.log(3600) + 2.0 * rng.gauss(0, 1))
    rows.append((i, t, g, d, rng.randrange(300), rng.choices(vcs, vc_weights)[0],
                 rng.choices(states, state_weights)[0]))
scale = 1.0
if a.load is not None:
    asked = sum(g * min(14 * 86400, d) for _, _, g, d, *_ in rows)
    scale = a.load * a.gpus * span / asked
with open(a.out, "w") as f:
    f.write("job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,duration\n")
    for i, t, g, d, user, vc, state in rows:
        d = min(14 * 86400, max(1, round(scale * min(14 * 86400, d))))  # at most 14 days
        when = start + datetime.timedelta(seconds=int(t))
        f.write(f"j{i},u{user},{vc},{g},{4 * g},{max(1, g // 8)},{state},"
                f"{when:%Y-%m-%d %H:%M:%S},{d}\n")
