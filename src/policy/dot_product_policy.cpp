// dot-product (the FGD experiment's DotProduct, after Tetris / Grandl et al. SIGCOMM'14):
// server vector (c/MaxCpu, G/MaxGpu), task vector (cpu/MaxCpu, num_gpu*gpu_milli/MaxGpu);
// score = floor(100 * (1 - dot/2)): the smaller dot product wins, i.e. the server whose
// free resources are least aligned with the demand. GPUs by best fit.
#include <cmath>

#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

class DotProductPolicy : public ScoredPolicy {
 public:
  using ScoredPolicy::ScoredPolicy;

 protected:
  std::optional<int64_t> score(const Request& r, int s, const ClusterView& view) override {
    const ClusterState& c = view.cluster;
    if (r.gpu.gpus_needed() > 0 &&
        static_cast<int>(fit::fitting_gpus(c, r, s).size()) < r.gpu.gpus_needed())
      return std::nullopt;
    const double sc = static_cast<double>(c.server(s).cpu_free()) / kMaxCpuMilli;
    const double sg = static_cast<double>(fit::server_free_milli(c, s)) / kMaxGpuMilli;
    const double tc = static_cast<double>(r.cpu_milli) / kMaxCpuMilli;
    const double tg =
        static_cast<double>(int64_t{fit::unit_milli(r.gpu, c.catalog())} * r.gpu.gpus_needed()) /
        kMaxGpuMilli;
    return static_cast<int64_t>(std::floor(100.0 * (1.0 - (sc * tc + sg * tg) / 2.0)));
  }
};

}  // namespace

void register_dot_product_policy(PolicyRegistry& reg) {
  register_scored_policy<DotProductPolicy>(
      reg, "dot-product",
      "smallest dot product of free (CPU, GPU) and demand (FGD experiment's DotProduct); "
      "GPUs by best fit");
}

}  // namespace vgpusim
