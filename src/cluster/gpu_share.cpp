#include "vgpusim/cluster/gpu_share.hpp"

#include <algorithm>

#include "vgpusim/cluster/slice_rules.hpp"

namespace vgpusim {

double effective_capacity(double switch_overhead, int busy) {
  if (busy <= 1) return 1.0;
  // Floor at 0.5: beyond that a linear overhead model is no longer credible, and a GPU
  // that lost more than half its time to switching would not be configured so.
  return std::clamp(1.0 - switch_overhead * (busy - 1), 0.5, 1.0);
}

double switch_overhead_now(const PoolSlicing& slicing, const GpuState& g, const GpuShares& shares) {
  // Each busy context costs what its class costs; a mix pays the mean (a linear blend of the
  // two measured cases, docs/slicing.md).
  double sum = 0;
  int busy = 0;
  for (size_t i = 0; i < shares.slices.size(); ++i) {
    if (!shares.slices[i].busy) continue;
    sum += g.slices[i].small_kernels ? slicing.small_kernel_overhead : slicing.switch_overhead;
    ++busy;
  }
  return busy > 0 ? sum / busy : slicing.switch_overhead;
}

void water_fill(double capacity, GpuShares& out) {
  // Split the GPU's time max-min fairly by weight among busy slices, each held to its cap;
  // the context-switch overhead is then paid on every slot (rate = capacity x time share).
  constexpr size_t kSmall = 64;
  bool fixed_small[kSmall] = {};
  std::vector<char> fixed_big;
  const size_t n = out.slices.size();
  if (n > kSmall) fixed_big.assign(n, 0);
  auto fixed = [&](size_t i) -> bool { return n > kSmall ? fixed_big[i] != 0 : fixed_small[i]; };
  auto set_fixed = [&](size_t i) {
    if (n > kSmall)
      fixed_big[i] = 1;
    else
      fixed_small[i] = true;
  };
  for (SliceShare& s : out.slices) s.rate = 0.0;
  double remaining = 1.0;
  for (;;) {
    double weights = 0;
    for (size_t i = 0; i < n; ++i)
      if (out.slices[i].busy && !fixed(i)) weights += out.slices[i].weight;
    if (weights <= 0) break;
    const double per_weight = remaining / weights;
    bool any = false;
    for (size_t i = 0; i < n; ++i) {
      SliceShare& s = out.slices[i];
      if (!s.busy || fixed(i) || s.cap > s.weight * per_weight) continue;
      s.rate = s.cap;  // held to its cap: what it leaves goes to the others
      remaining -= s.cap;
      set_fixed(i);
      any = true;
    }
    if (any) continue;
    for (size_t i = 0; i < n; ++i)
      if (out.slices[i].busy && !fixed(i)) out.slices[i].rate = out.slices[i].weight * per_weight;
    break;
  }
  for (SliceShare& s : out.slices) s.rate *= capacity;
}

void compute_gpu_shares(const PoolInfo& pool, const GpuState& g, GpuShares& out) {
  out.slices.resize(g.slices.size());
  out.busy = 0;
  for (size_t i = 0; i < g.slices.size(); ++i) {
    SliceShare& s = out.slices[i];
    s = SliceShare{};
    s.owner = g.slices[i].owner;
    s.busy = g.slices[i].busy;
    out.busy += s.busy;
  }
  const SliceRules& rules = pool.rules ? *pool.rules : slice_rules_for(pool.slicing);
  rules.shares(pool, g, out);
}

GpuShares compute_gpu_shares(const PoolInfo& pool, const GpuState& g) {
  GpuShares out;
  compute_gpu_shares(pool, g, out);
  return out;
}

bool GpuShares::free_sharing() const {
  if (capacity < 1.0) return false;
  double weight = -1;
  for (const SliceShare& s : slices) {
    if (!s.busy) continue;
    if (s.cap < 1.0 || (weight >= 0 && s.weight != weight)) return false;
    weight = s.weight;
  }
  return true;
}

}  // namespace vgpusim
