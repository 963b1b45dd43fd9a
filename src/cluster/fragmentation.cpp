#include "vgpusim/cluster/fragmentation.hpp"

#include <array>

#include "vgpusim/cluster/cluster_state.hpp"

namespace vgpusim {

int64_t fragment_of(const ServerFree& s, const DemandType& m) {
  int64_t total = 0;
  for (int g : s.gpu_free) total += g;
  if (m.num_gpu <= 0 || !model_allowed(s.model, m.gpu_models)) return total;
  if (s.cpu_free < m.cpu_milli) return total;
  int fitting = 0;
  int64_t small = 0;
  for (int g : s.gpu_free) {
    if (g >= m.gpu_milli)
      ++fitting;
    else
      small += g;
  }
  return fitting >= m.num_gpu ? small : total;
}

double fragment(const ServerFree& s, std::span<const DemandType> types) {
  double f = 0;
  for (const DemandType& m : types) f += m.popularity * static_cast<double>(fragment_of(s, m));
  return f;
}

namespace {

// Copies a server's free milli into `buf` (servers hold at most a few dozen GPUs; larger
// ones fall back to a heap vector so the function stays correct).
template <typename F>
auto with_free(const ServerState& s, const std::vector<GpuState>& gpus, F&& f) {
  constexpr size_t kSmall = 64;
  std::array<int, kSmall> small{};
  std::vector<int> big;
  int* buf = small.data();
  if (s.gpus.size() > kSmall) {
    big.resize(s.gpus.size());
    buf = big.data();
  }
  const GpuModel* model = nullptr;
  for (size_t i = 0; i < s.gpus.size(); ++i) {
    const GpuState& g = gpus[static_cast<size_t>(s.gpus[i])];
    model = g.model;
    buf[i] = s.accepting && g.healthy ? g.free_milli() : 0;
  }
  return f(ServerFree{s.cpu_free(), model, std::span<const int>(buf, s.gpus.size())});
}

}  // namespace

int64_t fragment_of(const ServerState& s, const std::vector<GpuState>& gpus, const DemandType& m) {
  return with_free(s, gpus, [&](const ServerFree& f) { return fragment_of(f, m); });
}

double fragment(const ServerState& s, const std::vector<GpuState>& gpus,
                std::span<const DemandType> types) {
  return with_free(s, gpus, [&](const ServerFree& f) { return fragment(f, types); });
}

double cluster_fragment(const ClusterState& c, std::span<const DemandType> types) {
  double f = 0;
  for (const ServerState& s : c.servers()) f += fragment(s, c.gpus(), types);
  return f;
}

int unusable_free_milli(const ClusterState& c, int g, const Request& r) {
  const GpuState& gpu = c.gpu(g);
  const int free = gpu.free_milli();
  if (free <= 0) return 0;
  if (!c.best_fit_on(r, gpu.server)) return free;
  return c.first_fitting_offset(r.gpu, g) >= 0 ? 0 : free;
}

int64_t unallocatable_free_milli(const ClusterState& c, std::span<const Request> demands) {
  int64_t total = 0;
  std::vector<char> usable;
  for (const ServerState& s : c.servers()) {
    usable.assign(s.gpus.size(), 0);
    for (const Request& r : demands) {
      if (r.gpu.gpus_needed() == 0 || !c.best_fit_on(r, s.index)) continue;
      for (size_t i = 0; i < s.gpus.size(); ++i)
        if (!usable[i] && c.first_fitting_offset(r.gpu, s.gpus[i]) >= 0) usable[i] = 1;
    }
    for (size_t i = 0; i < s.gpus.size(); ++i)
      if (!usable[i]) total += std::max(0, c.gpu(s.gpus[i]).free_milli());
  }
  return total;
}

}  // namespace vgpusim
