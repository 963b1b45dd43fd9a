#include "sweep_runner.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "cli/interrupts.hpp"
#include "run_command.hpp"
#include "vgpusim/scenario/scenario_loader.hpp"
#include "vgpusim/sweep/sweep.hpp"
#include "vgpusim/util/atomic_file.hpp"
#include "vgpusim/util/diagnostics.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace vgpusim::cli {
namespace {

std::string point_text(const SweepPoint& p) {
  std::string s;
  for (const auto& [k, v] : p.values) s += (s.empty() ? "" : ", ") + k + "=" + v;
  return s;
}

// Whether a problem at key path `path` concerns the value set at `key`.
bool covers(const std::string& key, const std::string& path) {
  return path == key || path.rfind(key + ".", 0) == 0 || path.rfind(key + "[", 0) == 0 ||
         key.rfind(path + ".", 0) == 0;
}

// Whether a problem concerns the value set at `key`: a problem of the value itself (its key
// path), or of the key path as an override ("--set" problems carry "key=value" as path).
bool concerns(const std::string& key, const Diagnostic& d) {
  if (d.file == "--set") return d.path.rfind(key + "=", 0) == 0;
  return covers(key, d.path);
}

// A bad key or value of the sweep file (`set:` or `vary:`) is reported where it is written
// there; nullopt for problems of the scenario itself.
std::optional<Diagnostic> in_sweep_file(const SweepSpec& spec, const SweepPoint& p,
                                        const Diagnostic& d) {
  for (size_t i = 0; i < spec.fixed.size(); ++i) {
    const std::string key = spec.fixed[i].substr(0, spec.fixed[i].find('='));
    if (concerns(key, d))
      return Diagnostic{spec.file, spec.fixed_at[i].first, spec.fixed_at[i].second, "set." + key,
                        d.message};
  }
  // A case's override: where the case writes it, once per case.
  for (size_t c = 0; c < spec.cases.size(); ++c) {
    const SweepCase& sc = spec.cases[c];
    if (p.values.empty() || p.values.front().second != sc.name) continue;
    for (size_t i = 0; i < sc.sets.size(); ++i) {
      const std::string key = sc.sets[i].substr(0, sc.sets[i].find('='));
      if (concerns(key, d))
        return Diagnostic{spec.file, sc.at[i].first, sc.at[i].second,
                          fmt::format("cases[{}].set.{}", c, key), d.message};
    }
  }
  for (const auto& a : spec.vary)
    if (concerns(a.key, d))
      return Diagnostic{spec.file, a.line, a.column, "vary." + a.key,
                        fmt::format("{} (point {}: {})", d.message, p.id, point_text(p))};
  return std::nullopt;
}

// Every point is loaded (and so validated) before anything runs: a typo in the last value
// of a grid must not cost the runs before it.
void validate_points(const SweepSpec& spec, const SweepPlan& plan) {
  Diagnostics all;
  std::set<std::string> seen;
  for (const SweepPoint& p : plan.points) {
    LoadOptions lo;
    lo.sets = plan.sets_of(p);
    try {
      (void)load_scenario(spec.scenario, lo);
    } catch (const InputError& e) {
      for (Diagnostic d : e.diagnostics().items()) {
        if (auto located = in_sweep_file(spec, p, d)) d = std::move(*located);
        if (seen.insert(d.file + d.path + d.message.substr(0, d.message.find(" (point"))).second)
          all.add(std::move(d));
      }
    }
  }
  if (!all.empty()) throw InputError(std::move(all));
}

std::vector<std::string> run_args(const SweepSpec& spec, const SweepPlan& plan, const SweepRun& r,
                                  const fs::path& dir) {
  std::vector<std::string> a = {"vgpusim", "run", spec.scenario, "--out", dir.string(), "--quiet"};
  if (r.has_seed) a.insert(a.end(), {"--seed", std::to_string(r.seed)});
  for (const auto& s : plan.sets_of(plan.points[static_cast<size_t>(r.point)]))
    a.insert(a.end(), {"--set", s});
  return a;
}

std::string joined(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += a + "\n";
  return s;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A run is reused only when it finished (summary.json is written last) with the very same
// arguments: a sweep file edited between two calls re-runs what changed.
bool already_done(const fs::path& dir, const std::string& args) {
  return fs::exists(dir / "summary.json") && read_text(dir / "sweep-args.txt") == args;
}

pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, "/proc/self/exe", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error(fmt::format("cannot start a worker: {}", strerror(rc)));
  return pid;
}

std::vector<SweepFailure> run_all(
    const std::vector<std::pair<const SweepRun*, std::vector<std::string>>>& todo,
    const fs::path& out, int jobs, bool progress) {
  std::map<pid_t, std::pair<const SweepRun*, fs::path>> running;
  std::vector<SweepFailure> failures;
  size_t next = 0, done = 0;
  auto report = [&]() {
    if (progress)
      fmt::print(stderr, "\rsweep: {}/{} runs done, {} failed, {} running  ", done, todo.size(),
                 failures.size(), running.size());
  };
  while (next < todo.size() || !running.empty()) {
    while (next < todo.size() && static_cast<int>(running.size()) < jobs) {
      const auto& [r, args] = todo[next++];
      const fs::path dir = out / r->dir;
      fs::create_directories(dir);
      fs::remove(dir / "summary.json");
      write_file_atomically(dir / "sweep-args.txt", joined(args));
      const pid_t worker = spawn(args, dir / "run.log");
      track_worker(worker, true);
      running[worker] = {r, dir / "run.log"};
      report();
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) break;
    auto it = running.find(pid);
    if (it == running.end()) continue;
    track_worker(pid, false);
    ++done;
    // A run that ended with stuck work (exit 4) finished and wrote its summary: its
    // `stuck` figures are results of that point, not a failure of the sweep.
    if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != kExitStuck))
      failures.push_back({it->second.first->index,
                          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
                          it->second.second});
    running.erase(it);
    report();
  }
  if (progress) fmt::print(stderr, "\n");
  return failures;
}

}  // namespace

SweepOutcome execute_sweep(const SweepSpec& spec, const SweepPlan& plan, const SweepRunOptions& o) {
  if (o.jobs < 0)
    throw InputError(fmt::format("--jobs: {} is not a number of workers (>= 1)", o.jobs));
  const int jobs = o.jobs > 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  const fs::path& out = o.out;
  SweepOutcome res;
  std::vector<std::pair<const SweepRun*, std::vector<std::string>>> todo;
  if (!o.merge_only) {
    validate_points(spec, plan);
    for (const SweepRun& r : plan.runs) {
      if (!o.shard.contains(r)) continue;
      auto args = run_args(spec, plan, r, out / r.dir);
      if (already_done(out / r.dir, joined(args))) {
        ++res.reused;
        continue;
      }
      todo.emplace_back(&r, std::move(args));
    }
  }
  res.ran = todo.size();
  {
    const InterruptGuard interrupts(out.string(), true);
    res.failures = run_all(todo, out, jobs, o.progress);
  }
  if (!o.write_tables) return res;

  std::vector<std::map<std::string, double>> numbers(plan.runs.size());
  for (const SweepRun& r : plan.runs) {
    const fs::path s = out / r.dir / "summary.json";
    if (fs::exists(s)) numbers[static_cast<size_t>(r.index)] = summary_numbers(read_text(s), s);
  }
  res.table = tabulate_sweep(spec, plan, std::move(numbers));
  fs::create_directories(out);
  write_file_atomically(out / "runs.csv", sweep_runs_csv(spec, plan, res.table));
  write_file_atomically(out / "points.csv", sweep_points_csv(spec, plan, res.table));
  write_file_atomically(out / "sweep.html", sweep_html(spec, plan, res.table));
  write_file_atomically(out / "sweep.json", sweep_json(spec, plan, res.table));  // last
  return res;
}

void print_failure(const SweepPlan& plan, const SweepFailure& f, int rank) {
  const SweepRun& r = plan.runs[static_cast<size_t>(f.run)];
  const SweepPoint& p = plan.points[static_cast<size_t>(r.point)];
  const std::string values = point_text(p);
  fmt::print(stderr, "vgpusim: sweep run {} ({}, point {}{}{}) failed{} with exit code {}; see {}\n",
             f.run, r.dir, p.id, values.empty() ? "" : ": ", values,
             rank >= 0 ? fmt::format(" on rank {}", rank) : "", f.status, f.log.string());
}

void print_failures(const SweepPlan& plan, const SweepOutcome& res) {
  for (const SweepFailure& f : res.failures) print_failure(plan, f, -1);
}

}  // namespace vgpusim::cli
