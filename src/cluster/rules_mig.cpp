// MIG-backed vGPU (NVIDIA MIG user guide: "Supported GPU instance profiles" and their
// placements, nvidia-smi mig -lgipp). A GPU instance occupies memory slices
// [start, start + memory_slices) of the board's memory slices (8, or 4 on A30) at one of its
// profile's start positions; instances never overlap and their compute slices sum to at most
// the board's compute slices (7, or 4 on A30).
#include <fmt/format.h>

#include <algorithm>

#include "rules.hpp"
#include "vgpusim/catalog/mig_layout.hpp"

namespace vgpusim::detail {
namespace {

unsigned span_mask(int start, int size) {
  return ((1u << size) - 1u) << start;
}

struct Occupancy {
  unsigned memory = 0;  // bit i: memory slice i taken
  int compute = 0;
};

Occupancy occupancy(const GpuState& g) {
  Occupancy o;
  for (const Slice& s : g.slices) {
    o.memory |= span_mask(s.offset, s.size);
    o.compute += s.compute_slices;
  }
  return o;
}

std::string layout_text(const std::vector<FixedGpuInstance>& inst) {
  std::string r;
  for (const FixedGpuInstance& i : inst)
    r += fmt::format("{}{}@{}", r.empty() ? "" : ", ", i.profile->name, i.start);
  return r;
}

// Validates a fixed layout (profile names) on `model` with the catalog's MIG layout rules
// and records where each instance sits.
bool place_layout(const GpuModel& model, const std::vector<std::string>& names,
                  std::vector<FixedGpuInstance>& out, std::string* why) {
  if (names.empty()) {
    if (why) *why = "a fixed MIG layout needs at least one GPU instance (or use mig: dynamic)";
    return false;
  }
  std::vector<int> starts;
  std::string reason;
  if (!place_mig_layout(model, names, &starts, &reason)) {
    if (why)
      *why = fmt::format("MIG layout [{}] is not valid on {}: {}", fmt::join(names, ", "),
                         model.name, reason);
    return false;
  }
  out.clear();
  for (size_t i = 0; i < names.size(); ++i)
    out.push_back({model.find_mig_profile(names[i]), starts[i]});
  std::sort(out.begin(), out.end(),
            [](const FixedGpuInstance& a, const FixedGpuInstance& b) { return a.start < b.start; });
  return true;
}

class MigRules final : public SliceRules {
 public:
  bool prepare_pool(PoolInfo& pool, std::string* why) const override {
    if (!pool.model->mig_capable) {
      if (why) *why = fmt::format("{} does not support MIG", pool.model->name);
      return false;
    }
    pool.mig_instances.clear();
    if (pool.slicing.mig_dynamic) return true;
    return place_layout(*pool.model, pool.slicing.mig_layout, pool.mig_instances, why);
  }

  void fitting_offsets(const PoolInfo& pool, const GpuState& g, const UnitDemand& u,
                       OffsetList& out, std::string* why) const override {
    if (!check_vgpu_type(pool, g, u, true, why)) return;
    const MigProfile* p = profile(pool, *u.type);
    if (!p) {
      if (why)
        *why = fmt::format("{} has no MIG profile '{}' (of {})", pool.model->name,
                           u.type->mig_profile, u.type->name);
      return;
    }
    if (pool.slicing.mig_dynamic)
      dynamic_offsets(*pool.model, g, *p, out, why);
    else
      fixed_offsets(pool, g, *p, out, why);
  }

  Slice make_slice(const PoolInfo& pool, const GpuState&, const UnitDemand& u,
                   int offset) const override {
    const MigProfile* p = profile(pool, *u.type);
    Slice s;
    s.offset = offset;
    s.size = p->memory_slices;
    s.compute_slices = p->compute_slices;
    s.milli = mig_profile_milli(*pool.model, *p);
    s.framebuffer_mib = u.type->framebuffer_mib;
    s.vgpu_type = u.type->name;
    s.mig_profile = p->name;
    s.type_max = u.type->max_equal;
    return s;
  }

  int unit_milli(const PoolInfo& pool, const UnitDemand& u) const override {
    if (!u.type || u.type->mode != VgpuMode::mig) return -1;
    const MigProfile* p = profile(pool, *u.type);
    return p ? mig_profile_milli(*pool.model, *p) : -1;
  }

  void shares(const PoolInfo& pool, const GpuState& g, GpuShares& out) const override {
    // Isolated hardware partitions: a slice's speed never depends on its neighbours. The
    // catalog knows the instance's SM share where published (Hopper's 1g has more than 1/7
    // of the usable SMs); otherwise compute_slices / the board's compute slices x
    // mig_efficiency.
    out.capacity = 1.0;
    for (size_t i = 0; i < out.slices.size(); ++i) {
      SliceShare& s = out.slices[i];
      const Slice& sl = g.slices[i];
      const MigProfile* p = pool.model->find_mig_profile(sl.mig_profile);
      s.isolated = true;
      s.cap = p ? pool.model->mig_compute_fraction(*p)
                : static_cast<double>(sl.compute_slices) / pool.model->mig_compute_slices *
                      pool.model->mig_efficiency;
      s.rate = s.busy ? s.cap : 0.0;
    }
  }

  const char* offset_name() const override { return "MIG start"; }

 private:
  static const MigProfile* profile(const PoolInfo& pool, const VgpuType& t) {
    return pool.model->find_mig_profile(t.mig_profile);
  }

  static void dynamic_offsets(const GpuModel& model, const GpuState& g, const MigProfile& p,
                              OffsetList& out, std::string* why) {
    const Occupancy o = occupancy(g);
    int same = 0;
    for (const Slice& s : g.slices) same += s.mig_profile == p.name;
    if (p.max_instances > 0 && same >= p.max_instances) {
      if (why)
        *why = fmt::format("GPU {} already hosts {} {} instance{}, the most MIG allows", g.index,
                           same, p.name, same == 1 ? "" : "s");
      return;
    }
    if (o.compute + p.compute_slices > model.mig_compute_slices) {
      if (why)
        *why = fmt::format("GPU {} has {} of {} compute slices free; {} needs {}", g.index,
                           model.mig_compute_slices - o.compute, model.mig_compute_slices, p.name,
                           p.compute_slices);
      return;
    }
    for (int st : p.starts)
      if (st >= 0 && st + p.memory_slices <= model.mig_memory_slices &&
          !(o.memory & span_mask(st, p.memory_slices)))
        out.push(st);
    if (out.n == 0 && why) {
      std::string resident;
      for (const Slice& s : g.slices)
        resident += fmt::format("{}{} at {}-{}", resident.empty() ? "" : ", ", s.mig_profile,
                                s.offset, s.offset + s.size - 1);
      *why = fmt::format(
          "GPU {}: {} can only start at memory slice{} {{{}}}, all overlapped by resident GPU "
          "instances ({})",
          g.index, p.name, p.starts.size() == 1 ? "" : "s", fmt::join(p.starts, ", "), resident);
    }
  }

  static void fixed_offsets(const PoolInfo& pool, const GpuState& g, const MigProfile& p,
                            OffsetList& out, std::string* why) {
    int in_layout = 0;
    for (const FixedGpuInstance& inst : pool.mig_instances) {
      if (inst.profile != &p && inst.profile->name != p.name) continue;
      ++in_layout;
      bool used = false;
      for (const Slice& s : g.slices) used |= s.offset == inst.start;
      if (!used) out.push(inst.start);
    }
    if (out.n > 0 || !why) return;
    if (in_layout == 0)
      *why = fmt::format("the fixed MIG layout of pool '{}' [{}] has no {} instance", pool.name,
                         layout_text(pool.mig_instances), p.name);
    else if (in_layout == 1)
      *why =
          fmt::format("GPU {}: the fixed MIG layout's only {} instance is in use", g.index, p.name);
    else
      *why = fmt::format("GPU {}: all {} {} instances of the fixed MIG layout are in use", g.index,
                         in_layout, p.name);
  }
};

}  // namespace

std::shared_ptr<const SliceRules> make_mig_rules() {
  return std::make_shared<MigRules>();
}

}  // namespace vgpusim::detail
