#include "vgpusim/cluster/slice_rules.hpp"

#include <fmt/format.h>

#include "rules.hpp"

namespace vgpusim {
namespace {

// The keys of a pool's `vgpu:` section (datacenter_loader reads them through these).
ParamSpec scheduler_param(std::vector<std::string> allowed) {
  return {"scheduler", ParamType::choice, "best_effort", false,
          "how busy vGPUs share the GPU (docs/slicing.md)", std::move(allowed)};
}
// "auto" or a duration, so text: datacenter_loader reads it (read_time_slice) with NVIDIA's
// range and its best-effort rule.
ParamSpec time_slice_param() {
  return {"time_slice", ParamType::text, "auto", false,
          "equal/fixed share round-robin slice, 1ms-30ms; auto: NVIDIA's 2 ms up to 8 vGPUs per "
          "GPU, else 1 ms (docs/slicing.md)"};
}
ParamSpec switch_overhead_param() {
  return {"switch_overhead", ParamType::number, "0", false,
          "GPU time lost per extra busy vGPU (compute-bound stages)", {}, 0, 0.5, "fraction"};
}
ParamSpec small_kernel_overhead_param() {
  return {"small_kernel_overhead", ParamType::number, "0.31", false,
          "GPU time lost per extra busy vGPU (stages with kernels: small)", {}, 0, 0.5, "fraction"};
}

}  // namespace

const SliceRulesRegistry& slice_rules_registry() {
  static const SliceRulesRegistry reg = [] {
    SliceRulesRegistry r("slicing mode");
    r.add({"passthrough",
           "a whole GPU to one VM; k GPUs = k free GPUs of one server",
           {},
           detail::make_passthrough_rules()});
    r.add({"vgpu-equal",
           "time-sliced vGPUs, equal size: one vGPU type per GPU, at most its max_equal",
           {scheduler_param({"best_effort", "equal_share", "fixed_share"}), time_slice_param(),
            switch_overhead_param(), small_kernel_overhead_param()},
           detail::make_vgpu_equal_rules()});
    r.add({"vgpu-mixed",
           "time-sliced vGPUs, mixed size: types at their placement IDs, at most max_mixed "
           "each; boards with mixed-size support only",
           // NVIDIA: heterogeneous (mixed-size) vGPU supports best_effort and equal_share only.
           {scheduler_param({"best_effort", "equal_share"}), time_slice_param(),
            switch_overhead_param(), small_kernel_overhead_param()},
           detail::make_vgpu_mixed_rules()});
    r.add({"mig",
           "MIG-backed vGPUs: GPU instances at their profile's start positions, isolated",
           {{"layout", ParamType::text, "dynamic", false,
             "mig.layout: dynamic, or a fixed layout per GPU: a list of GPU-instance profile "
             "names (e.g. [3g.40gb, 2g.20gb, 2g.20gb])"}},
           detail::make_mig_rules()});
    r.add({"shared",
           "fractional sharing in milli-GPU (Kubernetes / Alibaba GPU sharing)",
           {},
           detail::make_shared_rules()});
    return r;
  }();
  return reg;
}

std::string slice_rules_key(const PoolSlicing& s) {
  std::string key(to_string(s.mode));
  if (s.mode == SliceMode::vgpu) key += "-" + std::string(to_string(s.size_mode));
  return key;
}

const SliceRules& slice_rules_for(const PoolSlicing& s) {
  return *slice_rules_registry().get(slice_rules_key(s)).factory;
}

int mig_profile_milli(const GpuModel& board, const MigProfile& p) {
  return board.mig_compute_slices > 0 ? 1000 * p.compute_slices / board.mig_compute_slices : 0;
}

int vgpu_type_milli(const VgpuType& t, const GpuModel& board) {
  if (t.mode == VgpuMode::mig) {
    const MigProfile* p = board.find_mig_profile(t.mig_profile);
    return p ? mig_profile_milli(board, *p) : 0;
  }
  if (board.framebuffer_mib <= 0) return 0;
  return static_cast<int>(
      std::min<int64_t>(1000, 1000 * t.framebuffer_mib / board.framebuffer_mib));
}

bool model_allowed(const GpuModel* model, const std::vector<std::string>& allowed) {
  if (allowed.empty()) return true;
  if (!model) return false;
  for (const std::string& a : allowed) {
    if (a == model->name) return true;
    for (const std::string& alias : model->aliases)
      if (a == alias) return true;
  }
  return false;
}

int64_t GpuState::allocated_fb_mib() const {
  int64_t m = 0;
  for (const Slice& s : slices) m += s.framebuffer_mib;
  return m;
}

namespace detail {

std::string describe(const GpuDemand& d) {
  switch (d.kind) {
    case GpuDemand::Kind::none:
      return "no GPU";
    case GpuDemand::Kind::whole:
      return fmt::format("{} whole GPU{}", d.count, d.count == 1 ? "" : "s");
    case GpuDemand::Kind::vgpu:
      return fmt::format("vGPU type '{}'", d.vgpu_type);
    case GpuDemand::Kind::milli:
      return fmt::format("{} milli-GPU", d.milli);
  }
  return "?";
}

bool check_vgpu_type(const PoolInfo& pool, const GpuState& g, const UnitDemand& u, bool want_mig,
                     std::string* why) {
  const GpuDemand& d = *u.demand;
  const char* mode = want_mig ? "MIG-backed vGPUs" : "time-sliced vGPUs";
  if (d.kind != GpuDemand::Kind::vgpu) {
    if (why)
      *why = fmt::format("pool '{}' hosts {}; it cannot host {}", pool.name, mode, describe(d));
    return false;
  }
  if (!u.type) {
    if (why) *why = fmt::format("unknown vGPU type '{}'", d.vgpu_type);
    return false;
  }
  const VgpuType& t = *u.type;
  if ((t.mode == VgpuMode::mig) != want_mig) {
    if (why)
      *why = fmt::format("{} is {}; pool '{}' hosts {}", t.name,
                         t.mode == VgpuMode::mig ? "MIG-backed" : "time-sliced", pool.name, mode);
    return false;
  }
  if (!g.model || (t.gpu != g.model->name && !model_allowed(g.model, {t.gpu}))) {
    if (why)
      *why = fmt::format("{} is a vGPU type of {}; GPU {} is a {}", t.name, t.gpu, g.index,
                         g.model ? g.model->name : "?");
    return false;
  }
  return true;
}

int count_type(const GpuState& g, const std::string& name) {
  int n = 0;
  for (const Slice& s : g.slices) n += s.vgpu_type == name;
  return n;
}

}  // namespace detail
}  // namespace vgpusim
