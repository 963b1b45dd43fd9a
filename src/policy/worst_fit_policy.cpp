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
    const ClusterState& c = view.cluster;
    if (r.gpu.gpus_needed() > 0 &&
        static_cast<int>(fit::fitting_gpus(c, r, s).size()) < r.gpu.gpus_needed())
      return std::nullopt;
    const double cpu_left = static_cast<double>(c.server(s).cpu_free() - r.cpu_milli);
    const double gpu_left = static_cast<double>(
        fit::server_free_milli(c, s) - int64_t{fit::unit_milli(r.gpu)} * r.gpu.gpus_needed());
    return static_cast<int64_t>(
        std::floor(100.0 * (0.5 * cpu_left / kMaxCpuMilli + 0.5 * gpu_left / kMaxGpuMilli)));
  }
  std::optional<Placement> choose(const Request& r, int s, const ClusterView& view) override {
    return fit::worst_fit_gpus(view.cluster, r, s);
  }
};

}  // namespace

void register_worst_fit_policy(PolicyRegistry& reg) {
  reg.add({"worst-fit",
           "server left with the most free CPU and GPU (spreads load); GPUs with the most free "
           "milli first",
           {ties_param()},
           [](const PolicyContext& ctx) {
             return std::make_unique<WorstFitPolicy>(ctx.seed, permute_ties(ctx));
           }});
}

}  // namespace vgpusim
