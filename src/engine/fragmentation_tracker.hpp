#pragma once
// GPU fragmentation over time (docs/outputs.md, docs/slicing.md "Fragmentation over time").
//
// FGD's fragment measure (Weng et al., ATC 2023) generalised to every slicing mode: for a
// task type m, the free capacity of a GPU is a fragment for m when m cannot use it: either
// m's server cannot host m at all (CPU, memory, not enough fitting GPUs) or one unit of m
// does not fit on that GPU under the pool's rules (equal-size type lock, placement IDs,
// MIG start positions, free milli). A GPU's fragmented milli is
//     F_g = free_g x sum over m of p_m x [m cannot use g],
// with the task types m = the distinct GPU demands of the scenario's stages that the
// GPU's pool can serve at all (fits an empty server of the pool), and p_m their share of
// the stages that will arrive, renormalised within the pool. Capacity that no stage of the
// scenario could ever use (a pool nobody asks for) is idle, not fragmented: 0.
//
// Recomputed per server whenever its occupancy changes, so a change costs
// O(types x GPUs of one server) fitting checks.
#include <cstdint>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/scenario/scenario.hpp"

namespace vgpusim::engine {

class FragmentationTracker {
 public:
  /// Builds the task types from the scenario's stages, weighted by `jobs_per_workflow`
  /// (arrivals of each workflow). Must run while `cluster` is still empty.
  void init(const ClusterState& cluster, const Scenario& scenario,
            const std::vector<int>& jobs_per_workflow);
  /// Recomputes F_g for every GPU of server `s` (after any change on that server).
  void refresh_server(const ClusterState& cluster, int s);

  double gpu_fragmented_milli(int g) const {
    return static_cast<size_t>(g) < gpu_.size()
               ? static_cast<double>(gpu_[static_cast<size_t>(g)]) / kUnits
               : 0.0;
  }
  double pool_fragmented_milli(int p) const {
    return static_cast<size_t>(p) < pool_.size()
               ? static_cast<double>(pool_[static_cast<size_t>(p)]) / kUnits
               : 0.0;
  }
  double total_fragmented_milli() const { return static_cast<double>(total_) / kUnits; }

 private:
  static constexpr double kUnits = 1e6;  // fixed point: 1e-6 milli-GPU
  struct TaskType {
    Request request;
    double popularity = 0;  // renormalised within each pool that serves it
  };
  std::vector<std::vector<TaskType>> by_pool_;  // task types each pool serves
  std::vector<int64_t> gpu_;
  std::vector<int64_t> pool_;
  int64_t total_ = 0;
  std::vector<double> share_;  // scratch: per GPU of a server, the popularity that cannot use it
};

}  // namespace vgpusim::engine
