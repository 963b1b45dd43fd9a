#pragma once
// The terminal summary of `vgpusim run`: what matters for the kind of run (packing runs:
// allocation at 100 % arrived; workflows: jobs and completion times; serving: SLOs;
// migrations, restarts and power), money with thousands separators, human durations.
#include <string>

#include "vgpusim/output/run_result.hpp"
#include "vgpusim/output/summary.hpp"

namespace vgpusim::cli {

std::string run_summary_text(const RunResult& r, const Summary& s, const std::string& out);

}  // namespace vgpusim::cli
