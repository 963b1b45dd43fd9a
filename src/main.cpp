// vgpusim command line: parses flags, dispatches to a command, and maps failures to the
// documented exit codes (0 ok, 1 regression / infeasible, 2 bad input, 3 internal error,
// 4 a run ended with stuck work: README, docs/outputs.md).
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/catalog_command.hpp"
#include "cli/cli_checks.hpp"
#include "cli/compare_command.hpp"
#include "cli/plan_command.hpp"
#include "cli/policies_command.hpp"
#include "cli/report_command.hpp"
#include "cli/run_command.hpp"
#include "cli/sweep_command.hpp"
#include "vgpusim/policy/plugin_loader.hpp"
#include "vgpusim/util/diagnostics.hpp"

int main(int argc, char** argv) {
  using namespace vgpusim;
  CLI::App app{
      "vgpusim: a discrete-event simulator of GPU datacenters virtualised with NVIDIA vGPU"};
  app.set_version_flag("--version", std::string("vgpusim ") + VGPUSIM_VERSION);
  app.require_subcommand(1);
  std::string log_level = "warn";
  const std::vector<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember(levels));

  cli::RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "simulate a scenario and write its outputs");
  // Not required by CLI11: `run --sg-cfg help` and `--sg-log help` need none (run_command).
  run_cmd->add_option("scenario", run.scenario, "scenario YAML file");
  run_cmd->add_option("--out", run.out, "output directory")->capture_default_str();
  run_cmd->add_option("--seed", run.seed, "override the scenario's seed (0 to 2^63-1)")
      ->check(cli::seed_validator());
  run_cmd->add_option("--policy", run.policy,
                      "override the placement policy (see vgpusim policies)");
  run_cmd->add_option("--plugin", run.plugins, "load a policy plugin (shared library); repeatable");
  run_cmd->add_option("--set", run.sets, "override a scenario value: key.path=value; repeatable");
  run_cmd->add_option("--sg-cfg", run.sg_cfg, "pass a setting to SimGrid (key:value); repeatable");
  run_cmd->add_option("--sg-log", run.sg_log, "pass a log setting to SimGrid; repeatable");
  run_cmd->add_option("--log-level", log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember(levels));
  run_cmd->add_flag("--quiet,-q", run.quiet, "no progress and no summary table");
  run_cmd->add_option("--explain", run.explain,
                      "record job JOB's placement attempts (decisions.csv) and print why it "
                      "waited")
      ->type_name("JOB")
      ->check(CLI::PositiveNumber);
  const char* budget_help =
      "memory a run may use (64GiB; default: physical memory, or VGPUSIM_MEMORY_BUDGET)";
  run_cmd->add_option("--memory-budget", run.memory_budget, budget_help)
      ->check(cli::size_validator());

  std::string validate_file;
  std::vector<std::string> validate_sets;
  auto* validate_cmd = app.add_subcommand("validate", "check a scenario; print every problem");
  validate_cmd->add_option("scenario", validate_file, "scenario YAML file")->required();
  validate_cmd->add_option("--set", validate_sets, "override a scenario value: key.path=value");
  std::optional<std::string> validate_budget;
  validate_cmd->add_option("--memory-budget", validate_budget, budget_help)
      ->check(cli::size_validator());

  std::string catalog_gpu;
  bool catalog_json = false;
  auto* catalog_cmd = app.add_subcommand("catalog", "GPUs, vGPU types, MIG profiles and layouts");
  catalog_cmd->add_option("--gpu", catalog_gpu, "one board in detail");
  catalog_cmd->add_flag("--json", catalog_json, "machine-readable output");
  std::string catalog_scenario;
  catalog_cmd->add_option("--scenario", catalog_scenario,
                          "the catalog of this scenario (built-in plus its catalog: section)");

  std::vector<std::string> policy_plugins;
  auto* policies_cmd =
      app.add_subcommand("policies", "registered placement policies and queue disciplines");
  policies_cmd->add_option("--plugin", policy_plugins, "load a policy plugin first; repeatable");

  std::string report_dir;
  auto* report_cmd = app.add_subcommand("report", "re-render report.html from a run's outputs");
  report_cmd->add_option("dir", report_dir, "the run's output directory (run --out)")->required();

  cli::SweepOptions sweep;
  auto* sweep_cmd =
      app.add_subcommand("sweep", "run a scenario over a grid of values and seeds; merge results");
  sweep_cmd->add_option("sweep", sweep.file, "sweep YAML file (docs/sweeps.md)")->required();
  sweep_cmd->add_option("--out", sweep.out, "output directory")->capture_default_str();
  sweep_cmd->add_option("--jobs,-j", sweep.jobs, "worker processes (default: one per core)");
  sweep_cmd->add_option("--shard", sweep.shard,
                        "run only shard I of N (I/N): runs whose index % N == I-1");
  sweep_cmd->add_flag("--merge", sweep.merge_only,
                      "run nothing: merge the runs present under --out into the tables");
  sweep_cmd->add_flag("--quiet,-q", sweep.quiet, "no progress and no summary line");

  cli::PlanOptions plan;
  auto* plan_cmd = app.add_subcommand(
      "plan", "the cheapest point of a search space that meets every target (exit 1: none)");
  plan_cmd->add_option("plan", plan.file, "plan YAML file (docs/planning.md)")->required();
  plan_cmd->add_option("--out", plan.out, "output directory")->capture_default_str();
  plan_cmd->add_option("--jobs,-j", plan.jobs, "worker processes (default: one per core)");
  plan_cmd->add_flag("--quiet,-q", plan.quiet, "no progress");

  cli::CompareOptions compare;
  auto* compare_cmd = app.add_subcommand(
      "compare", "compare two runs' summary.json against rules; exit 1 on a regression");
  compare_cmd->add_option("baseline", compare.baseline, "summary.json or run directory (before)")
      ->required();
  compare_cmd->add_option("candidate", compare.candidate, "summary.json or run directory (after)")
      ->required();
  compare_cmd->add_option("--rules", compare.rules,
                          "rules YAML: per metric, better higher|lower and a tolerance "
                          "(default: the built-in rules, docs/compare.md)");
  compare_cmd->add_option("--junit", compare.junit, "write a JUnit XML report");
  compare_cmd->add_option("--markdown", compare.markdown, "write a Markdown report");

  if (const std::string why = cli::unknown_command(app, argc, argv); !why.empty()) {
    std::cerr << why << "\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  spdlog::set_level(spdlog::level::from_str(log_level));
  spdlog::set_pattern("%^%l%$ %v");
  spdlog::set_default_logger(spdlog::stderr_color_st("vgpusim"));
  spdlog::set_level(spdlog::level::from_str(log_level));

  try {
    if (*run_cmd) return cli::run_command(run);
    if (*validate_cmd) return cli::validate_command(validate_file, validate_sets, validate_budget);
    if (*catalog_cmd)
      return run_catalog_command(catalog_gpu, catalog_json, catalog_scenario, std::cout, std::cerr);
    if (*report_cmd) return cli::report_command(report_dir, std::cout);
    if (*sweep_cmd) return cli::sweep_command(sweep);
    if (*plan_cmd) return cli::plan_command(plan);
    if (*compare_cmd) return cli::compare_command(compare, std::cout, std::cerr);
    if (*policies_cmd) {
      for (const auto& p : policy_plugins) load_policy_plugin(p);
      return run_policies_command(std::cout);
    }
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics().items()) std::cerr << d.to_string() << "\n";
    if (e.diagnostics().size() > 1) std::cerr << e.diagnostics().size() << " problems found\n";
    return 2;
  } catch (const PluginError& e) {
    std::cerr << "vgpusim: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "vgpusim: internal error: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
