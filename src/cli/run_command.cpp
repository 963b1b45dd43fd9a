#include "run_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/interrupts.hpp"
#include "run_summary.hpp"
#include "vgpusim/engine/simgrid_query.hpp"
#include "vgpusim/engine/simulation.hpp"
#include "vgpusim/output/decisions_output.hpp"
#include "vgpusim/output/output_dir.hpp"
#include "vgpusim/output/run_outputs.hpp"
#include "vgpusim/policy/plugin_loader.hpp"
#include "vgpusim/scenario/scenario_loader.hpp"
#include "vgpusim/util/simgrid_settings.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim::cli {
namespace {

constexpr int64_t kGuardPageServers = 30000;

/// What was stuck and why, on stderr (even with --quiet: it explains the exit code).
void print_stuck(const StuckRecord& st) {
  constexpr size_t kShown = 10;
  fmt::print(stderr, "vgpusim: stuck at t={}: {}; {} stage{} can never start:\n",
             format_duration(st.at), st.cause, st.stages.size(), st.stages.size() == 1 ? "" : "s");
  for (size_t i = 0; i < st.stages.size() && i < kShown; ++i) {
    const StuckStage& s = st.stages[i];
    fmt::print(stderr, "  job {} {}/{} (waiting since {}): {}\n", s.job, s.workflow, s.stage,
               format_duration(s.waiting_since), s.reason);
  }
  if (st.stages.size() > kShown)
    fmt::print(stderr, "  ... and {} more (summary.json stuck.stages)\n",
               st.stages.size() - kShown);
}

}  // namespace

int run_command(const RunOptions& o) {
  // SimGrid's settings first: `help` needs no scenario, and a bad one must not cost a load.
  // VGPUSIM_SG_CFG (space-separated key:value) reaches runs started by scripts and sweeps,
  // e.g. the sanitizer build's thread contexts; --sg-cfg comes after it and wins.
  std::vector<std::pair<std::string, std::string>> sg_cfg;
  if (const char* env = std::getenv("VGPUSIM_SG_CFG"); env && *env)
    sg_cfg.emplace_back("VGPUSIM_SG_CFG", env);
  for (const auto& c : o.sg_cfg) sg_cfg.emplace_back("--sg-cfg", c);
  for (const auto& l : o.sg_log)
    if (l == "help") print_simgrid_help(l, true);
  for (const auto& c : o.sg_cfg)
    if (c == "help") print_simgrid_help(c, false);
  check_simgrid_settings(sg_cfg, o.sg_log);  // exit 2 on a bad one, before anything else
  for (const auto& c : o.sg_cfg)
    if (is_sg_help(c)) print_simgrid_help(c, false);
  if (o.scenario.empty())
    throw InputError("vgpusim run: the scenario file is required (vgpusim run SCENARIO.yaml)");

  const InterruptGuard interrupts(o.out);
  InterruptGuard::set_message(fmt::format("stopped before simulating; {} is unchanged\n", o.out));
  for (const auto& p : o.plugins) load_policy_plugin(p);
  LoadOptions lo;
  lo.sets = o.sets;
  lo.seed = o.seed;
  lo.policy = o.policy;
  lo.memory_budget = o.memory_budget;
  Scenario s = load_scenario(o.scenario, lo);  // loads the scenario's policy.plugin too
  prepare_output_dir(o.out);                   // bad --out: exit 2 before simulating
  InterruptGuard::set_message(fmt::format(
      "stopped before the outputs were complete; {} holds no summary.json (no complete run)\n",
      o.out));
  SimulationOptions so;
  if (const char* env = std::getenv("VGPUSIM_SG_CFG")) {
    std::istringstream in(env);
    for (std::string c; in >> c;) so.sg_cfg.push_back(c);
  }
  // Each server's agent is an actor whose stack SimGrid maps with a guard page: two memory
  // mappings per actor, and Linux allows 65,530 per process (vm.max_map_count), so about
  // 32,000 servers aborted with "Failed to protect stack". Without guard pages the stacks'
  // mappings merge (measured: 40,000 servers run). Guard pages only catch stack overflows,
  // so they stay for ordinary sizes; --sg-cfg can still set either.
  int64_t servers = 0;
  for (const auto& p : s.pools) servers += p.count;
  if (servers > kGuardPageServers) so.sg_cfg.push_back("contexts/guard-size:0");
  so.sg_cfg.insert(so.sg_cfg.end(), o.sg_cfg.begin(), o.sg_cfg.end());
  so.sg_log = o.sg_log;
  so.progress = !o.quiet && isatty(fileno(stderr));
  so.on_engine_created = InterruptGuard::reinstall;
  so.explain_job = o.explain;
  so.out = o.out;
  so.keep_records = s.outputs.trace;  // trace.json is drawn from every record at the end
  RunResult r = simulate(s, so);
  r.overrides = {o.sets, o.seed, o.policy, o.plugins};
  Summary sum = summarize(r);
  if (!sum.unpriced_boards.empty()) {
    std::string boards;
    for (const auto& b : sum.unpriced_boards) boards += (boards.empty() ? "" : ", ") + b;
    spdlog::warn(
        "no list price for {} (catalog price_per_hour): the GPU list price and the total cost "
        "are unknown (null in summary.json, \"no price\" in the report)",
        boards);
  }
  write_run_outputs(o.out, r, sum, s.outputs);
  if (!o.quiet) fmt::print("{}", run_summary_text(r, sum, o.out));
  if (o.explain > 0) fmt::print("{}", explain_text(r, o.explain));
  if (r.stuck.stuck()) {
    print_stuck(r.stuck);
    return kExitStuck;
  }
  return 0;
}

int validate_command(const std::string& scenario, const std::vector<std::string>& sets,
                     const std::optional<std::string>& memory_budget) {
  LoadOptions lo;
  lo.sets = sets;
  lo.memory_budget = memory_budget;
  Scenario s = load_scenario(scenario, lo);
  size_t stages = 0;
  for (const auto& w : s.workflows) stages += w.stages.size();
  int servers = 0, gpus = 0;
  for (const auto& p : s.pools) {
    servers += p.count;
    gpus += p.count * p.gpus_per_server;
  }
  fmt::print("{}: valid: {} pools, {} servers, {} GPUs; {} workflows, {} stages\n", scenario,
             s.pools.size(), servers, gpus, s.workflows.size(), stages);
  return 0;
}

}  // namespace vgpusim::cli
