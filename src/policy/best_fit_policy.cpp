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
    const ClusterState& c = view.cluster;
    if (r.gpu.gpus_needed() > 0 &&
        static_cast<int>(fit::fitting_gpus(c, r, s).size()) < r.gpu.gpus_needed())
      return std::nullopt;
    const double cpu_left = static_cast<double>(c.server(s).cpu_free() - r.cpu_milli);
    const double gpu_left = static_cast<double>(
        fit::server_free_milli(c, s) - int64_t{fit::unit_milli(r.gpu)} * r.gpu.gpus_needed());
    return static_cast<int64_t>(std::floor(
        100.0 * (1.0 - (0.5 * cpu_left / kMaxCpuMilli + 0.5 * gpu_left / kMaxGpuMilli))));
  }
  int64_t report(int64_t raw, int64_t lo, int64_t hi) const override {
    return hi == lo ? 100 : (raw - lo) * 100 / (hi - lo);
  }
};

}  // namespace

void register_best_fit_policy(PolicyRegistry& reg) {
  reg.add({"best-fit",
           "server left with the least free CPU and GPU (FGD experiment's BestFit); GPUs by "
           "best fit",
           {ties_param()},
           [](const PolicyContext& ctx) {
             return std::make_unique<BestFitPolicy>(ctx.seed, permute_ties(ctx));
           }});
}

}  // namespace vgpusim
