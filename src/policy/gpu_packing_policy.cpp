// gpu-packing (the FGD experiment's GpuPacking): prefer partly used GPUs, then servers
// with some free GPUs, and open an idle server last (the smaller the better).
//   CPU-only task: 0.
//   every GPU of the server free: max(33 - free GPUs, free GPUs)
//   else, fitting GPUs by increasing free milli, the first num_gpu of them used:
//     k > 0 of them fully free: max(50 - k, 33)
//     none fully free: max(100 - floor(sum floor(free*100/1000) / 10), 50)
// GPUs by best fit (the same GPUs the score looked at).
#include <algorithm>

#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"
#include "vgpusim/policy/scores.hpp"

namespace vgpusim {

/// Exposed for tests: the GpuPacking score of a server whose GPUs have `free` milli, for a
/// task that uses the first `need` of the sorted fitting GPUs `fitting_free`.
int64_t gpu_packing_score(const std::vector<int>& all_free, std::vector<int> fitting_free,
                          int need) {
  if (need == 0) return 0;
  const int free_gpus = static_cast<int>(std::count(all_free.begin(), all_free.end(), 1000));
  if (free_gpus == static_cast<int>(all_free.size())) return std::max(33 - free_gpus, free_gpus);
  std::sort(fitting_free.begin(), fitting_free.end());
  int k = 0;
  int64_t pct = 0;
  for (int i = 0; i < need; ++i) {
    if (fitting_free[static_cast<size_t>(i)] == 1000) ++k;
    pct += fitting_free[static_cast<size_t>(i)] * 100 / 1000;
  }
  if (k > 0) return std::max(50 - k, 33);
  return std::max<int64_t>(100 - pct / 10, 50);
}

namespace {

class GpuPackingPolicy : public ScoredPolicy {
 public:
  using ScoredPolicy::ScoredPolicy;

 protected:
  std::optional<int64_t> score(const Request& r, int s, const ClusterView& view) override {
    const ClusterState& c = view.cluster;
    const int need = r.gpu.gpus_needed();
    if (need == 0) return 0;
    auto fits = fit::fitting_gpus(c, r, s);
    if (static_cast<int>(fits.size()) < need) return std::nullopt;
    all_.clear();
    for (int g : c.server(s).gpus) all_.push_back(fit::free_milli(c, g));
    fit_.clear();
    for (const auto& f : fits) fit_.push_back(f.free);
    return gpu_packing_score(all_, fit_, need);
  }

 private:
  std::vector<int> all_, fit_;
};

}  // namespace

void register_gpu_packing_policy(PolicyRegistry& reg) {
  register_scored_policy<GpuPackingPolicy>(
      reg, "gpu-packing",
      "partly used GPUs first, then partly used servers, idle servers last (FGD "
      "experiment's GpuPacking); GPUs by best fit");
}

}  // namespace vgpusim
