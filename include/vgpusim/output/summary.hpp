#pragma once
// Headline figures of a run, computed from its records (engine-free).
#include <string>

#include "vgpusim/output/run_result.hpp"

namespace vgpusim {

inline constexpr int kSummarySchemaVersion = 1;

struct Stats {
  int64_t count = 0;
  double mean = 0, p50 = 0, p95 = 0, p99 = 0, max = 0;
};

/// Nearest-rank percentiles (p in 0..100) and mean of `values`; zeros when empty.
Stats describe(std::vector<double> values);

struct Summary {
  int64_t jobs_submitted = 0, jobs_done = 0, jobs_failed = 0, jobs_unfinished = 0;
  int64_t stages_done = 0, stages_rejected = 0;
  double makespan = 0;         // last job end - first job submit (done jobs)
  Stats jct;                   // done jobs
  Stats queue_delay;           // per stage, placed stages
  double gpu_allocation = 0;   // time-averaged allocated / total GPU capacity
  double gpu_utilisation = 0;  // time-averaged busy / total GPU capacity
  double peak_allocation = 0;
  double energy_j = 0;
  double cost = 0;
  double gpu_hours_provisioned = 0;
  double gpu_hours_used = 0;  // busy GPU-hours
  // Fragmentation (docs/outputs.md): free capacity no task type of the scenario can use.
  double fragmentation_mean = 0;  // time average of fragmented milli-GPU / total capacity
  double fragmentation_peak = 0;  // highest fragmented fraction in the timeline
  double fragmented_gpu_hours = 0;
};

Summary summarize(const RunResult& r);

/// summary.json text (deterministic: no wall-clock figures).
std::string summary_json(const RunResult& r, const Summary& s);

}  // namespace vgpusim
