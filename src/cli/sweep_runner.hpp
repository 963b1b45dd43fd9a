#pragma once
// Runs a sweep's runs in worker processes and merges what is present: shared by
// `vgpusim sweep` and `vgpusim plan` (a plan is a sweep judged against targets).
#include <filesystem>
#include <vector>

#include "vgpusim/sweep/sweep.hpp"

namespace vgpusim::cli {

struct SweepRunOptions {
  std::filesystem::path out;
  int jobs = 0;  // 0: one per core
  Shard shard;
  bool merge_only = false;
  bool progress = false;
  bool write_tables = true;  // false: only run (a launcher rank that rank 0 merges for)
};

struct SweepFailure {
  int run = 0;
  int status = 0;  // exit code, or 128 + signal
  std::filesystem::path log;
};

struct SweepOutcome {
  SweepTable table;
  size_t ran = 0;
  int reused = 0;
  std::vector<SweepFailure> failures;
};

/// Validates every point (InputError: exit 2), runs the runs of the shard that are not
/// done yet, merges every run present under `out` and writes runs.csv, points.csv,
/// sweep.html and sweep.json there.
SweepOutcome execute_sweep(const SweepSpec& spec, const SweepPlan& plan, const SweepRunOptions& o);

/// Names each failed run, its point and its log on stderr.
void print_failures(const SweepPlan& plan, const SweepOutcome& res);
/// One failed run; `rank` >= 0: the launcher rank that ran it.
void print_failure(const SweepPlan& plan, const SweepFailure& f, int rank);

}  // namespace vgpusim::cli
