#pragma once
// An engine-free packing driver: submits requests one at a time to a policy and applies
// its placements to a ClusterState, never releasing anything (the static packing
// experiment of fgd-experiment.md). The product runs the experiment through the SimGrid
// controller; this harness exists for policy unit tests and for timing the policies.
#include <cstdint>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/policy/policy.hpp"

namespace vgpusim {

struct PackingResult {
  std::vector<int64_t> arrived;    // GPU milli submitted after each request
  std::vector<int64_t> allocated;  // GPU milli allocated after each request
  int64_t placed = 0, dropped = 0, invalid = 0;
  double decide_seconds = 0;  // wall time spent inside PlacementPolicy::place
};

/// Offers each request once; Wait or Reject drops it, an invalid placement counts as
/// invalid (and dropped).
PackingResult run_packing(ClusterState& cluster, const std::vector<Request>& stream,
                          PlacementPolicy& policy);

}  // namespace vgpusim
