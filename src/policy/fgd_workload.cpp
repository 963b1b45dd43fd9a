#include "vgpusim/policy/fgd_workload.hpp"

#include <algorithm>

#include "vgpusim/policy/fit.hpp"

namespace vgpusim {

FgdWorkload::FgdWorkload(std::shared_ptr<const TargetWorkload> given)
    : learning_(!given || given->types.empty()) {
  if (!learning_) types_ = given->types;
}

bool FgdWorkload::learn(const Request& r, int64_t every, const Catalog& catalog) {
  if (!learning_) return false;
  ++counts_[{r.cpu_milli, fit::unit_milli(r.gpu, catalog), r.gpu.gpus_needed(), r.gpu.gpu_models}];
  if (++seen_ < next_refresh_) return false;
  next_refresh_ = every > 0 ? seen_ + every : seen_ * 2;
  types_.clear();
  for (const auto& [k, n] : counts_) {
    TaskType t;
    std::tie(t.cpu_milli, t.gpu_milli, t.num_gpu, t.gpu_models) = k;
    t.popularity = static_cast<double>(n) / static_cast<double>(seen_);
    types_.push_back(std::move(t));
  }
  std::stable_sort(types_.begin(), types_.end(), [](const TaskType& a, const TaskType& b) {
    return a.popularity > b.popularity;
  });
  return true;
}

double FgdWorkload::fragment(const std::vector<char>& allowed, int64_t cpu_free,
                             const std::vector<int>& gpu_free) const {
  int64_t g_all = 0;
  for (int g : gpu_free) g_all += g;
  double f = 0;
  for (size_t m = 0; m < types_.size(); ++m) {
    const TaskType& t = types_[m];
    if (t.cpu_only() || !allowed[m] || cpu_free < t.cpu_milli) {
      f += t.popularity * static_cast<double>(g_all);
      continue;
    }
    int fit = 0;
    int64_t frag = 0;
    for (int g : gpu_free) {
      if (g >= t.gpu_milli)
        ++fit;
      else
        frag += g;
    }
    f += t.popularity * static_cast<double>(fit >= t.num_gpu ? frag : g_all);
  }
  return f;
}

}  // namespace vgpusim
