// Time-sliced vGPU: equal-size and mixed-size modes (NVIDIA vGPU user guide: "Virtual GPU
// types", "Mixed-size mode" / heterogeneous vGPU, "vGPU schedulers").
#include <fmt/format.h>

#include "rules.hpp"

namespace vgpusim::detail {
namespace {

// Both modes share the scheduler model; they differ in where a vGPU may go.
class TimeSlicedRules : public SliceRules {
 public:
  Slice make_slice(const PoolInfo& pool, const GpuState&, const UnitDemand& u,
                   int offset) const override {
    Slice s;
    s.offset = offset;
    s.size = size_units(*u.type);
    s.milli = vgpu_type_milli(*u.type, *pool.model);
    s.framebuffer_mib = u.type->framebuffer_mib;
    s.vgpu_type = u.type->name;
    s.type_max = u.type->max_equal;
    return s;
  }

  int unit_milli(const PoolInfo& pool, const UnitDemand& u) const override {
    if (!u.type || u.type->mode != VgpuMode::time_sliced) return -1;
    return vgpu_type_milli(*u.type, *pool.model);
  }

  void shares(const PoolInfo& pool, const GpuState& g, GpuShares& out) const override {
    const auto resident = static_cast<double>(g.slices.size());
    for (size_t i = 0; i < out.slices.size(); ++i) {
      SliceShare& s = out.slices[i];
      switch (pool.slicing.scheduler) {
        case VgpuScheduler::best_effort:
          s.cap = 1.0;
          break;  // idle vGPUs yield their turn
        case VgpuScheduler::equal_share:
          s.cap = 1.0 / resident;
          break;
        case VgpuScheduler::fixed_share: {
          const int max = g.slices[i].type_max;
          s.cap = max > 0 ? 1.0 / max : 1.0 / resident;
          break;
        }
      }
    }
    out.capacity = effective_capacity(switch_overhead_now(pool.slicing, g, out), out.busy);
    water_fill(out.capacity, out);
  }

 protected:
  // Framebuffer in placement units (mixed size); equal-size slices record it too so that a
  // GPU's occupancy reads the same in both modes.
  static int size_units(const VgpuType& t) {
    const int64_t unit = t.placement_unit_mib > 0 ? t.placement_unit_mib : 1024;
    return static_cast<int>((t.framebuffer_mib + unit - 1) / unit);
  }
};

class EqualSizeRules final : public TimeSlicedRules {
 public:
  bool prepare_pool(PoolInfo&, std::string*) const override { return true; }

  void fitting_offsets(const PoolInfo& pool, const GpuState& g, const UnitDemand& u,
                       OffsetList& out, std::string* why) const override {
    if (!check_vgpu_type(pool, g, u, false, why)) return;
    const VgpuType& t = *u.type;
    if (!g.empty() && g.slices[0].vgpu_type != t.name) {
      if (why)
        *why = fmt::format(
            "GPU {} hosts {} vGPUs, {} asked; equal-size mode allows one type per GPU (NVIDIA "
            "vGPU rule)",
            g.index, g.slices[0].vgpu_type, t.name);
      return;
    }
    if (static_cast<int>(g.slices.size()) >= t.max_equal) {
      if (why)
        *why = fmt::format("GPU {} already hosts {} {} vGPUs, the most allowed in equal-size mode",
                           g.index, g.slices.size(), t.name);
      return;
    }
    out.push(0);
  }
};

class MixedSizeRules final : public TimeSlicedRules {
 public:
  bool prepare_pool(PoolInfo& pool, std::string* why) const override {
    if (!pool.model->mixed_size_supported) {
      if (why)
        *why = fmt::format("{} does not support mixed-size vGPU mode (use size_mode: equal)",
                           pool.model->name);
      return false;
    }
    if (pool.slicing.scheduler == VgpuScheduler::fixed_share) {
      if (why)
        *why =
            "the fixed_share scheduler is not allowed with mixed-size vGPUs (NVIDIA: "
            "heterogeneous vGPU supports best_effort and equal_share only)";
      return false;
    }
    return true;
  }

  void fitting_offsets(const PoolInfo& pool, const GpuState& g, const UnitDemand& u,
                       OffsetList& out, std::string* why) const override {
    if (!check_vgpu_type(pool, g, u, false, why)) return;
    const VgpuType& t = *u.type;
    if (t.max_mixed <= 0 || t.placement_ids.empty()) {
      if (why) *why = fmt::format("{} is not allowed in mixed-size mode", t.name);
      return;
    }
    const int n = count_type(g, t.name);
    if (n >= t.max_mixed) {
      if (why)
        *why = fmt::format("GPU {} already hosts {} {} vGPUs, the most allowed in mixed-size mode",
                           g.index, n, t.name);
      return;
    }
    const int size = size_units(t);
    for (int id : t.placement_ids) {
      bool clash = false;
      for (const Slice& s : g.slices)
        if (id < s.offset + s.size && s.offset < id + size) {
          clash = true;
          break;
        }
      if (!clash) out.push(id);
    }
    if (out.n == 0 && why) {
      std::string ids;
      for (int id : t.placement_ids) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
      *why = fmt::format(
          "GPU {} has no free placement ID for {}: each of {{{}}} (size {}) overlaps a resident "
          "vGPU",
          g.index, t.name, ids, size);
    }
  }

  const char* offset_name() const override { return "placement ID"; }
};

}  // namespace

std::shared_ptr<const SliceRules> make_vgpu_equal_rules() {
  return std::make_shared<EqualSizeRules>();
}
std::shared_ptr<const SliceRules> make_vgpu_mixed_rules() {
  return std::make_shared<MixedSizeRules>();
}

}  // namespace vgpusim::detail
