// worst-fit: the mirror of best-fit, spreading load; the server left with the most
// weighted free CPU and GPU wins, and on it the fitting GPUs with the most free milli.
//   s = floor(100 * [0.5 (c - cpu)/MaxCpu + 0.5 (G - num_gpu*gpu_milli)/MaxGpu])
#include <cmath>

#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

class WorstFitPolicy : public ScoredPolicy {
 public:
  using ScoredPolicy::ScoredPolicy;

 protected:
  std::optional<int64_t> score(const Request& r, int s, const ClusterView& view) override {
    auto left = fit::weighted_free_after(view.cluster, r, s, kMaxCpuMilli, kMaxGpuMilli);
    if (!left) return std::nullopt;
    return static_cast<int64_t>(std::floor(100.0 * *left));
  }
  std::optional<Placement> choose(const Request& r, int s, const ClusterView& view) override {
    return fit::worst_fit_gpus(view.cluster, r, s);
  }
};

}  // namespace

void register_worst_fit_policy(PolicyRegistry& reg) {
  register_scored_policy<WorstFitPolicy>(
      reg, "worst-fit",
      "server left with the most free CPU and GPU (spreads load); GPUs with the most free "
      "milli first");
}

}  // namespace vgpusim
