#pragma once
// Per-service figures (serve stages): requests.csv and the `services` array of
// summary.json (docs/outputs.md). Engine-free.
#include <optional>
#include <string>

#include "vgpusim/output/run_result.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {

/// One SLO target of a service and how it fared.
struct SloFigure {
  double percentile = 0;  // 50, 95 or 99
  double target = 0;      // s
  double under = 0;       // fraction of served requests with latency <= target
  bool met = false;       // under >= percentile / 100 (the nearest-rank percentile <= target)
};

struct ServiceFigures {
  int64_t served = 0;
  double span = 0;        // serving time: start to end (or to the end of the run)
  double throughput = 0;  // served / span, requests/s
  double batch_mean = 0;  // requests per batch
  double wait_mean = 0;   // queueing delay before the batch starts (LLM: the TTFT)
  double tokens_per_s = 0;  // LLM: output tokens / span
  double goodput = 0;       // LLM: requests meeting every per-request SLO / span
  std::vector<SloFigure> slos;
  /// Empty without targets; otherwise whether the service finished and met every target.
  std::optional<bool> slo_met;
};

ServiceFigures service_figures(const ServiceRecord& s, double run_end);

std::string requests_csv(const RunResult& r);
/// kv_occupancy.csv: `job,stage,time_s,kv_occupancy` per interval of each LLM service;
/// empty when the run has none.
std::string kv_occupancy_csv(const RunResult& r);
/// scaling.csv: the replica changes of the LLM services (empty when none changed).
std::string scaling_csv(const RunResult& r);

/// Writes `"services": [...]` and `"services_slo": {...}` into the open summary object.
void services_json(JsonWriter& w, const RunResult& r);

}  // namespace vgpusim
