#include "sweep_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "sweep_runner.hpp"

namespace vgpusim::cli {

int sweep_command(const SweepOptions& o) {
  const SweepSpec spec = load_sweep(o.file);
  const SweepPlan plan = expand_sweep(spec);
  SweepRunOptions ro;
  ro.out = o.out;
  ro.jobs = o.jobs;
  ro.shard = o.shard.empty() ? Shard{} : parse_shard(o.shard);
  ro.merge_only = o.merge_only;
  ro.progress = !o.quiet && isatty(fileno(stderr));
  const SweepOutcome res = execute_sweep(spec, plan, ro);
  if (!o.quiet)
    fmt::print(
        "sweep {}: {} points x {} seeds = {} runs; this call ran {}, reused {}; {} of {} "
        "present\n  outputs {}/ (runs.csv, points.csv, sweep.json, sweep.html)\n",
        spec.name, plan.points.size(), spec.seeds.empty() ? 1 : spec.seeds.size(), plan.runs.size(),
        res.ran, res.reused, res.table.runs_present, plan.runs.size(), o.out);
  print_failures(plan, res);
  return res.failures.empty() ? 0 : 3;
}

}  // namespace vgpusim::cli
