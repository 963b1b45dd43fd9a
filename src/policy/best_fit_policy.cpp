// best-fit (the FGD experiment's BestFit): the server left with the least weighted free
// CPU and GPU after the placement wins.
//   s = floor(100 * (1 - [0.5 (c - cpu)/MaxCpu + 0.5 (G - num_gpu*gpu_milli)/MaxGpu]))
// min-max normalised over the feasible servers for reporting (which cannot change the
// winner: the normalisation is monotone and injective on integers spanning <= 100).
#include <cmath>

#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

class BestFitPolicy : public ScoredPolicy {
 public:
  using ScoredPolicy::ScoredPolicy;

 protected:
  std::optional<int64_t> score(const Request& r, int s, const ClusterView& view) override {
    auto left = fit::weighted_free_after(view.cluster, r, s, kMaxCpuMilli, kMaxGpuMilli);
    if (!left) return std::nullopt;
    return static_cast<int64_t>(std::floor(100.0 * (1.0 - *left)));
  }
  int64_t report(int64_t raw, int64_t lo, int64_t hi) const override {
    return hi == lo ? 100 : (raw - lo) * 100 / (hi - lo);
  }
};

}  // namespace

void register_best_fit_policy(PolicyRegistry& reg) {
  register_scored_policy<BestFitPolicy>(
      reg, "best-fit",
      "server left with the least free CPU and GPU (FGD experiment's BestFit); GPUs by "
      "best fit");
}

}  // namespace vgpusim
