#include "vgpusim/workload/runtime_estimate.hpp"

#include <algorithm>
#include <cmath>

#include "vgpusim/cluster/gpu_state.hpp"
#include "vgpusim/scenario/scenario.hpp"

namespace vgpusim {

double estimate_runtime_s(const StagePlan& plan, const EstimateInputs& in) {
  const double share = std::clamp(in.gpu_share, 1e-6, 1.0);
  const double compute = plan.compute_gpu_seconds / share;
  // Checkpoints are taken every `checkpoint_every_s` of compute progress (at share 1).
  double checkpoints = 0;
  if (plan.checkpoint_every_s > 0 && plan.checkpoint_bytes > 0)
    checkpoints = std::floor(plan.compute_gpu_seconds / plan.checkpoint_every_s);
  const double bytes =
      in.image_bytes + plan.read_bytes + plan.write_bytes + checkpoints * plan.checkpoint_bytes;
  const double io = in.io_bandwidth > 0 ? bytes / in.io_bandwidth : 0;
  return io + compute + plan.compute_cpu_seconds;
}

double guaranteed_gpu_share(const GpuDemand& d, const Catalog& catalog) {
  switch (d.kind) {
    case GpuDemand::Kind::none:
    case GpuDemand::Kind::whole:
      return 1;
    case GpuDemand::Kind::milli:
      return std::clamp(d.milli / 1000.0, 1e-3, 1.0);
    case GpuDemand::Kind::vgpu:
      break;
  }
  const VgpuType* t = catalog.find_vgpu(d.vgpu_type);
  if (!t) return 1;
  if (!t->mig_profile.empty()) {
    const GpuModel* g = catalog.find_gpu(t->gpu);
    const MigProfile* p = g ? g->find_mig_profile(t->mig_profile) : nullptr;
    return p ? g->mig_compute_fraction(*p) : 1;
  }
  return t->max_equal > 0 ? 1.0 / t->max_equal : 1;
}

namespace {

const GpuModel* estimate_board(const Scenario& s, const GpuDemand& d) {
  if (d.kind == GpuDemand::Kind::none) return nullptr;
  if (d.kind == GpuDemand::Kind::vgpu) {
    const VgpuType* t = s.catalog.find_vgpu(d.vgpu_type);
    return t ? s.catalog.find_gpu(t->gpu) : nullptr;
  }
  for (const PoolSpec& p : s.pools) {
    const GpuModel* m = s.catalog.find_gpu(p.gpu_model);
    if (m && model_allowed(m, d.gpu_models)) return m;
  }
  return nullptr;
}

}  // namespace

double estimate_stage_runtime_s(const Scenario& s, const StageSpec& sp) {
  EstimateInputs in;
  in.io_bandwidth = s.storage.bandwidth;
  in.image_bytes = sp.image.size;
  const StageKindInfo& kind = stage_kind_registry().get(sp.kind).factory;
  if (kind.is_service) {
    double serving = sp.params.number("requests.duration", 0);
    if (sp.request_times && !sp.request_times->empty()) serving = sp.request_times->back();
    return estimate_runtime_s(StagePlan{}, in) + serving;
  }
  StageResources res;
  res.gpu = estimate_board(s, sp.demand);
  res.gpus = sp.demand.kind == GpuDemand::Kind::none ? 0 : std::max(1, sp.demand.count);
  res.vcpus = sp.vcpus;
  res.catalog = &s.catalog;
  if (!res.gpu && kind.needs_gpu && (!kind.gpu_required || kind.gpu_required(sp.params)))
    return estimate_runtime_s(StagePlan{}, in);  // no board to quote on: transfers only
  in.gpu_share = guaranteed_gpu_share(sp.demand, s.catalog);
  return estimate_runtime_s(kind.make(sp.params)->plan(res), in);
}

}  // namespace vgpusim
