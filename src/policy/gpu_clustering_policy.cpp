// gpu-clustering (the FGD experiment's GpuClustering): keep sharing tasks and whole-GPU
// tasks on separate servers. A GPU task is tagged `share` (under one GPU) or `whole`;
//   base = floor(25 * (MaxGpu - G) / MaxGpu)
//   + 75 if the server hosts GPU tasks of this tag only, + 50 if this tag among others,
//   + 25 if it hosts no GPU task, + 0 if it hosts only the other tag.
// CPU-only tasks score 0. A hosted slice counts as `share` when it takes under 1000 milli.
// GPUs by best fit.
#include <cmath>

#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"
#include "vgpusim/policy/scores.hpp"

namespace vgpusim {

/// Exposed for tests.
int64_t gpu_clustering_score(int64_t free_milli_sum, bool task_share, bool hosts_share,
                             bool hosts_whole) {
  int64_t sc = static_cast<int64_t>(
      std::floor(25.0 * (kMaxGpuMilli - static_cast<double>(free_milli_sum)) / kMaxGpuMilli));
  const bool same = task_share ? hosts_share : hosts_whole;
  const bool other = task_share ? hosts_whole : hosts_share;
  if (!hosts_share && !hosts_whole)
    sc += 25;
  else if (same && !other)
    sc += 75;
  else if (same)
    sc += 50;
  return sc;
}

namespace {

class GpuClusteringPolicy : public ScoredPolicy {
 public:
  using ScoredPolicy::ScoredPolicy;

 protected:
  std::optional<int64_t> score(const Request& r, int s, const ClusterView& view) override {
    const ClusterState& c = view.cluster;
    const int need = r.gpu.gpus_needed();
    if (need == 0) return 0;
    if (static_cast<int>(fit::fitting_gpus(c, r, s).size()) < need) return std::nullopt;
    bool hosts_share = false, hosts_whole = false;
    for (int g : c.server(s).gpus)
      for (const Slice& sl : c.gpu(g).slices) (sl.milli < 1000 ? hosts_share : hosts_whole) = true;
    return gpu_clustering_score(fit::server_free_milli(c, s),
                                fit::unit_milli(r.gpu, c.catalog()) < 1000, hosts_share,
                                hosts_whole);
  }
};

}  // namespace

void register_gpu_clustering_policy(PolicyRegistry& reg) {
  register_scored_policy<GpuClusteringPolicy>(
      reg, "gpu-clustering",
      "sharing and whole-GPU tasks kept on separate servers (FGD experiment's "
      "GpuClustering); GPUs by best fit");
}

}  // namespace vgpusim
