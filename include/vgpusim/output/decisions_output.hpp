#pragma once
// decisions.csv and the `vgpusim run --explain JOB` text (docs/outputs.md).
#include <cstdint>
#include <string>

#include "vgpusim/output/run_result.hpp"

namespace vgpusim {

/// One row per DecisionRow; empty when the run did not record decisions.
std::string decisions_csv(const RunResult& r);

/// Why job `job` waited where it did, attempt by attempt, for the terminal.
std::string explain_text(const RunResult& r, int64_t job);

}  // namespace vgpusim
