#include "sweep_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "sweep_rendezvous.hpp"
#include "sweep_runner.hpp"
#include "vgpusim/sweep/launcher.hpp"

namespace vgpusim::cli {

namespace {

void print_outcome(const SweepSpec& spec, const SweepPlan& plan, const SweepOutcome& res,
                   const std::string& out) {
  fmt::print(
      "sweep {}: {} points x {} seeds = {} runs; this call ran {}, reused {}; {} of {} "
      "present\n  outputs {}/ (runs.csv, points.csv, sweep.json, sweep.html)\n",
      spec.name, plan.points.size(), spec.seeds.empty() ? 1 : spec.seeds.size(), plan.runs.size(),
      res.ran, res.reused, res.table.runs_present, plan.runs.size(), out);
}

/// Names the runs the merged tables lack (not run, failed, or another shard's not gathered).
void print_missing(const SweepPlan& plan, const SweepOutcome& res) {
  std::string missing;
  size_t n = 0;
  for (const SweepRun& r : plan.runs)
    if (res.table.runs[static_cast<size_t>(r.index)].empty() && ++n <= 10)
      missing += (missing.empty() ? "" : ", ") + r.dir.substr(r.dir.find('/') + 1);
  if (n > 0)
    fmt::print("  missing {} of {} runs: {}{}\n", n, plan.runs.size(), missing,
               n > 10 ? ", ..." : "");
}

/// A rank of mpirun / srun, or a Slurm array task: runs its shard; rank 0 of ranks that run
/// together waits for the others and merges.
int launched_sweep(const SweepOptions& o, const SweepSpec& spec, const SweepPlan& plan,
                   const Launch& l) {
  SweepRunOptions ro;
  ro.out = o.out;
  // One worker per rank unless told: ranks are placed one per core (or Slurm says).
  ro.jobs = o.jobs > 0 ? o.jobs : std::max(1, l.cpus);
  ro.shard = l.shard;
  ro.write_tables = false;
  ro.progress = !o.quiet && isatty(fileno(stderr)) && l.rank == 0;
  const SweepOutcome own = execute_sweep(spec, plan, ro);
  if (!o.quiet)
    fmt::print("sweep {}: {} rank {} of {} (shard {}/{}): ran {}, reused {}, {} failed\n",
               spec.name, l.launcher, l.rank, l.shard.count, l.shard.index, l.shard.count,
               own.ran, own.reused, own.failures.size());
  if (!l.together) {
    for (const SweepFailure& f : own.failures) print_failure(plan, f, l.rank);
    if (!o.quiet)
      fmt::print("  when every task is done: vgpusim sweep {} --out {} --merge\n", o.file, o.out);
    return own.failures.empty() ? 0 : 3;
  }
  announce_done(o.out, l, own.failures);
  if (l.rank != 0) return own.failures.empty() ? 0 : 3;
  const std::vector<RankFailure> failures = wait_for_ranks(o.out, l, ro.progress);
  SweepRunOptions merge;
  merge.out = o.out;
  merge.merge_only = true;
  SweepOutcome res = execute_sweep(spec, plan, merge);
  for (const RankFailure& f : failures) {
    print_failure(plan, f.failure, f.rank);
    res.failures.push_back(f.failure);
  }
  if (!o.quiet) {
    fmt::print("sweep {}: rank 0 merged the {} ranks\n", spec.name, l.shard.count);
    print_outcome(spec, plan, res, o.out);
    print_missing(plan, res);
  }
  return res.failures.empty() ? 0 : 3;
}

}  // namespace

int sweep_command(const SweepOptions& o) {
  const SweepSpec spec = load_sweep(o.file);
  const SweepPlan plan = expand_sweep(spec);
  // No --shard and not --merge: the launcher's rank, if any, picks the shard.
  if (o.shard.empty() && !o.merge_only)
    if (auto l = detect_launch([](const char* n) { return std::getenv(n); }))
      return launched_sweep(o, spec, plan, *l);
  SweepRunOptions ro;
  ro.out = o.out;
  ro.jobs = o.jobs;
  ro.shard = o.shard.empty() ? Shard{} : parse_shard(o.shard);
  ro.merge_only = o.merge_only;
  ro.progress = !o.quiet && isatty(fileno(stderr));
  const SweepOutcome res = execute_sweep(spec, plan, ro);
  if (!o.quiet) {
    print_outcome(spec, plan, res, o.out);
    print_missing(plan, res);
  }
  print_failures(plan, res);
  return res.failures.empty() ? 0 : 3;
}

}  // namespace vgpusim::cli
