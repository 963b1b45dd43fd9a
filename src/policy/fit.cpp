#include "vgpusim/policy/fit.hpp"

#include <algorithm>

namespace vgpusim::fit {

bool model_allowed(const GpuDemand& d, const GpuModel* m) {
  return vgpusim::model_allowed(m, d.gpu_models);
}

bool server_admits(const ClusterState& c, const Request& r, int s) {
  const ServerState& sv = c.server(s);
  if (!sv.accepting || sv.cpu_free() < r.cpu_milli || sv.memory_free() < r.memory_mib) return false;
  if (r.gpu.kind == GpuDemand::Kind::none) return true;
  if (static_cast<int>(sv.gpus.size()) < r.gpu.gpus_needed()) return false;
  return model_allowed(r.gpu, c.pools()[static_cast<size_t>(sv.pool)].model);
}

int free_milli(const ClusterState& c, int g) {
  const GpuState& gs = c.gpu(g);
  return gs.healthy ? gs.free_milli() : 0;
}

int unit_milli(const GpuDemand& d, const Catalog& catalog) {
  switch (d.kind) {
    case GpuDemand::Kind::none:
      return 0;
    case GpuDemand::Kind::milli:
      return d.milli;
    case GpuDemand::Kind::whole:
      return 1000;
    case GpuDemand::Kind::vgpu:
      return d.count > 0 ? static_cast<int>(d.total_milli(catalog) / d.count) : 0;
  }
  return 0;
}

bool unit_fits(const ClusterState& c, const Request& r, int g, int* offset) {
  const GpuState& gs = c.gpu(g);
  if (!gs.healthy) return false;
  if (r.gpu.kind == GpuDemand::Kind::milli &&
      c.pools()[static_cast<size_t>(gs.pool)].slicing.mode == SliceMode::shared) {
    if (offset) *offset = 0;
    return gs.free_milli() >= r.gpu.milli;
  }
  const int off = c.first_fitting_offset(r.gpu, g);
  if (off < 0) return false;
  if (offset) *offset = off;
  return true;
}

std::vector<FitGpu> fitting_gpus(const ClusterState& c, const Request& r, int s) {
  std::vector<FitGpu> out;
  for (int g : c.server(s).gpus) {
    int off = 0;
    if (unit_fits(c, r, g, &off)) out.push_back({g, off, c.gpu(g).free_milli()});
  }
  return out;
}

std::optional<Placement> take_first(const Request& r, int s, const std::vector<FitGpu>& order) {
  const size_t need = static_cast<size_t>(r.gpu.gpus_needed());
  if (order.size() < need) return std::nullopt;
  Placement p;
  p.server = s;
  for (size_t i = 0; i < need; ++i) p.slots.push_back({order[i].gpu, order[i].offset});
  return p;
}

std::optional<Placement> best_fit_gpus(const ClusterState& c, const Request& r, int s) {
  auto fits = fitting_gpus(c, r, s);
  std::stable_sort(fits.begin(), fits.end(),
                   [](const FitGpu& a, const FitGpu& b) { return a.free < b.free; });
  return take_first(r, s, fits);
}

std::optional<Placement> worst_fit_gpus(const ClusterState& c, const Request& r, int s) {
  auto fits = fitting_gpus(c, r, s);
  std::stable_sort(fits.begin(), fits.end(),
                   [](const FitGpu& a, const FitGpu& b) { return a.free > b.free; });
  return take_first(r, s, fits);
}

int64_t server_free_milli(const ClusterState& c, int s) {
  int64_t sum = 0;
  for (int g : c.server(s).gpus) sum += free_milli(c, g);
  return sum;
}

std::optional<double> weighted_free_after(const ClusterState& c, const Request& r, int s,
                                          double max_cpu_milli, double max_gpu_milli) {
  if (r.gpu.gpus_needed() > 0 &&
      static_cast<int>(fitting_gpus(c, r, s).size()) < r.gpu.gpus_needed())
    return std::nullopt;
  const double cpu_left = static_cast<double>(c.server(s).cpu_free() - r.cpu_milli);
  const double gpu_left = static_cast<double>(
      server_free_milli(c, s) - int64_t{unit_milli(r.gpu, c.catalog())} * r.gpu.gpus_needed());
  return 0.5 * cpu_left / max_cpu_milli + 0.5 * gpu_left / max_gpu_milli;
}

std::optional<Placement> first_fit(const ClusterState& c, const Request& r) {
  const int n = static_cast<int>(c.servers().size());
  for (int s = 0; s < n; ++s) {
    if (!server_admits(c, r, s)) continue;
    if (auto p = c.best_fit_on(r, s)) return p;
  }
  return std::nullopt;
}

}  // namespace vgpusim::fit
