#include <fmt/format.h>

#include "cluster/rules.hpp"
#include "loader_parts.hpp"
#include "vgpusim/workload/llm_params.hpp"

// Whether a stage can ever be hosted (split from workflow_loader.cpp): the load-time proof
// that some pool could place each stage, so that an oversized request is an error at load.
namespace vgpusim::loader {

/// The slices `st` may be placed on, one per board the pools offer for its demand.
std::vector<StageSlice> candidate_slices(const Scenario& s, const StageSpec& st) {
  const GpuDemand& d = st.demand;
  std::vector<StageSlice> out;
  std::set<std::string> seen;
  for (const auto& p : s.pools) {
    const GpuModel* m = s.catalog.find_gpu(p.gpu_model);
    if (!m || seen.count(m->name)) continue;
    if (!d.gpu_models.empty() &&
        std::find(d.gpu_models.begin(), d.gpu_models.end(), m->name) == d.gpu_models.end())
      continue;
    const VgpuType* t = nullptr;
    switch (d.kind) {
      case GpuDemand::Kind::none:
        continue;
      case GpuDemand::Kind::whole:
        if (p.slicing.mode != SliceMode::passthrough) continue;
        break;
      case GpuDemand::Kind::milli:
        if (p.slicing.mode != SliceMode::shared) continue;
        break;
      case GpuDemand::Kind::vgpu:
        t = s.catalog.find_vgpu(d.vgpu_type);
        if (!t || t->gpu != m->name) continue;
        break;
    }
    seen.insert(m->name);
    out.push_back(stage_slice(*m, t, d.kind == GpuDemand::Kind::milli ? d.milli : 0, d.count));
  }
  return out;
}

/// Checks that some pool could ever host the stage (its GPU demand, a fixed MIG layout
/// holding its profile, its vCPUs and memory on one server), so that a typo or an oversized
/// request is caught at load time rather than as a job that waits forever. A stage wider
/// than every server is a gang (docs/training.md): then the servers of one board whose GPUs
/// fit must hold it together, and a serve replica (one VM) never may.
void check_demand(YamlReader& r, const YAML::Node& at, const std::string& path, const Scenario& s,
                  const StageSpec& st, bool is_service) {
  const GpuDemand& d = st.demand;
  if (s.pools.empty()) return;  // the missing datacenter is reported already
  // Whether a pool's GPUs suit one unit of the demand, whatever the count.
  auto units_fit = [&](const PoolSpec& p) {
    const GpuModel* m = s.catalog.find_gpu(p.gpu_model);
    if (!m) return false;
    if (!d.gpu_models.empty() &&
        std::find(d.gpu_models.begin(), d.gpu_models.end(), m->name) == d.gpu_models.end())
      return false;
    switch (d.kind) {
      case GpuDemand::Kind::none:
        return true;
      case GpuDemand::Kind::whole:
        return p.slicing.mode == SliceMode::passthrough;
      case GpuDemand::Kind::milli:
        return p.slicing.mode == SliceMode::shared;
      case GpuDemand::Kind::vgpu: {
        const VgpuType* t = s.catalog.find_vgpu(d.vgpu_type);
        if (!t || t->gpu != m->name) return false;
        if (t->mode != VgpuMode::mig) return p.slicing.mode == SliceMode::vgpu;
        const auto& layout = p.slicing.mig_layout;
        return p.slicing.mode == SliceMode::mig &&
               (p.slicing.mig_dynamic ||
                std::find(layout.begin(), layout.end(), t->mig_profile) != layout.end());
      }
    }
    return false;
  };
  auto gpus_fit = [&](const PoolSpec& p) {
    return units_fit(p) && (d.milli < 1000 && d.kind == GpuDemand::Kind::milli
                                ? true
                                : p.gpus_per_server >= d.gpus_needed());
  };
  // A gang: no server is wide enough, but servers of one board together are.
  if (!is_service && d.kind != GpuDemand::Kind::none &&
      !(d.kind == GpuDemand::Kind::milli && d.milli < 1000)) {
    std::map<std::string, int64_t> gpus_of_board;
    bool any_wide = false;
    for (const auto& p : s.pools)
      if (units_fit(p)) {
        gpus_of_board[p.gpu_model] += int64_t{p.count} * p.gpus_per_server;
        any_wide = any_wide || p.gpus_per_server >= d.gpus_needed();
      }
    if (!any_wide && !gpus_of_board.empty()) {
      int64_t most = 0;
      for (const auto& [board, n] : gpus_of_board) most = std::max(most, n);
      if (most < d.gpus_needed())
        r.error(at, path,
                fmt::format("{} on several servers (a gang) needs servers of one board holding "
                            "{} GPUs together; the most this datacenter has of one board is {}",
                            detail::describe(d), d.gpus_needed(), most));
      return;
    }
  }
  auto server_fits = [&](const PoolSpec& p) {
    return p.server.cpus >= st.vcpus && p.server.memory >= st.memory;
  };
  bool gpus_somewhere = false;
  for (const auto& p : s.pools) {
    if (gpus_fit(p) && server_fits(p)) return;
    gpus_somewhere = gpus_somewhere || gpus_fit(p);
  }
  std::string pools;
  for (const auto& p : s.pools) {
    std::string slicing(to_string(p.slicing.mode));
    if (p.slicing.mode == SliceMode::mig && !p.slicing.mig_dynamic) {
      std::string layout;
      for (const auto& g : p.slicing.mig_layout) layout += (layout.empty() ? "" : ", ") + g;
      slicing += " [" + layout + "]";
    }
    pools += fmt::format("{}{} ({} x {}, mode {}, {} vCPUs, {})", pools.empty() ? "" : ", ",
                         p.name, p.gpus_per_server, p.gpu_model, slicing, p.server.cpus,
                         format_bytes(p.server.memory));
  }
  const std::string asked = fmt::format("{}{} vCPUs and {} of memory",
                                        d.kind == GpuDemand::Kind::none ? "" : detail::describe(d) + ", ",
                                        st.vcpus, format_bytes(st.memory));
  r.error(at, path,
          fmt::format("no pool can ever host this stage ({}{}); pools: {}", asked,
                      gpus_somewhere ? ": the servers whose GPUs fit have too few vCPUs or too "
                                       "little memory"
                                     : "",
                      pools));
}

}  // namespace vgpusim::loader
