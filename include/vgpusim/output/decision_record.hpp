#pragma once
// The placement attempts of a run (decisions.csv, `vgpusim run --explain JOB`): what a
// stage asked, what the policy answered and ranked, and per pool the first rule that
// refused it. Recorded only when asked (outputs.decisions or --explain): the controller
// then reports each attempt to the RunRecorder, which merges consecutive attempts of a
// stage that got the same answer for the same reasons into one row.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/cluster/placement_explain.hpp"

namespace vgpusim {

/// What came of an attempt to place a waiting stage.
enum class AttemptOutcome {
  queued,          // not offered yet: behind a queue head that waits (no backfill past it)
  placed,          // the policy's placement was applied
  waited,          // the policy answered Wait (or nothing fits and it would have)
  held_for_head,   // placeable, but EASY backfilling keeps the head's reservation
  over_quota,      // its virtual cluster's GPU quota is full for now
  rejected,        // the policy rejected it, or it can never fit its quota / a server
  invalid,         // the policy's placement broke a rule (refused)
};
const char* to_string(AttemptOutcome o);

struct RankedCandidate {
  std::string server;
  std::optional<int64_t> score;  // none: the policy does not score (first-fit, plugins)
};

/// One or more consecutive attempts of a stage with the same outcome and reasons.
struct DecisionRow {
  size_t ref = 0;     // the recorder's stage attempt (RunRecorder::StageRef)
  int64_t job = 0;    // the stage attempt as in stages.csv
  std::string workflow, stage;
  int attempt = 1;
  double first = 0;   // first attempt of the row
  double last = 0;    // last attempt of the row
  int64_t attempts = 0;
  AttemptOutcome outcome = AttemptOutcome::waited;
  std::string request;  // describe_request()
  double gpus = 0;      // GPU capacity asked, in whole GPUs (milli / 1000)
  std::vector<RankedCandidate> candidates;  // best first (placed, or placeable)
  std::vector<PoolRefusal> pools;           // per pool, when it did not get placed
  double waited = -1;  // from `first` to the stage's next row, its placement or the run's end
};

/// The key the report adds waiting time up by: the outcome, or for a Wait the closest
/// pool's refusal ("no_fitting_gpus:vgpu-equal", "cpu", "policy_waits").
std::string wait_reason(const DecisionRow& d);
/// The same key in words ("no server has enough GPUs where the slice fits (vgpu-equal)").
std::string describe_wait_reason(const std::string& key);

/// Rows grouped by stage attempt, each group in time order (decisions.csv's order).
void sort_decisions(std::vector<DecisionRow>& rows);

}  // namespace vgpusim
