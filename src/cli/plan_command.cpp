#include "plan_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "sweep_runner.hpp"
#include "vgpusim/sweep/plan.hpp"
#include "vgpusim/util/atomic_file.hpp"

namespace vgpusim::cli {

int plan_command(const PlanOptions& o) {
  const PlanSpec spec = load_plan(o.file);
  const SweepPlan plan = expand_sweep(spec.sweep);
  SweepRunOptions ro;
  ro.out = o.out;
  ro.jobs = o.jobs;
  ro.progress = !o.quiet && isatty(fileno(stderr));
  const SweepOutcome res = execute_sweep(spec.sweep, plan, ro);
  const PlanResult verdict = evaluate_plan(spec, plan, res.table);
  write_file_atomically(ro.out / "plan.html", plan_html(spec, plan, res.table, verdict));
  write_file_atomically(ro.out / "plan.json", plan_json(spec, plan, verdict));
  fmt::print("{}", plan_text(spec, plan, verdict));
  if (!o.quiet) fmt::print("  outputs {}/ (plan.json, plan.html, points.csv, sweep.html, runs/)\n", o.out);
  print_failures(plan, res);
  if (!res.failures.empty()) return 3;
  return verdict.chosen >= 0 ? 0 : 1;
}

}  // namespace vgpusim::cli
