#pragma once
#include <string>

namespace vgpusim::cli {

struct PlanOptions {
  std::string file;
  std::string out = "plan-results";
  int jobs = 0;
  bool quiet = false;
};

/// vgpusim plan: run the search space as a sweep (reusing finished runs), judge every point
/// against the targets and print the cheapest point that meets them all, with the
/// evidence; plan.json beside the sweep's tables. 0 found, 1 none feasible, 2 bad input,
/// 3 a run failed.
int plan_command(const PlanOptions& o);

}  // namespace vgpusim::cli
