// passthrough and shared: the two modes that hand out whole GPUs or milli-GPU shares.
#include <fmt/format.h>

#include "rules.hpp"

namespace vgpusim::detail {
namespace {

// A whole-GPU unit: Kind::whole, or milli 1000 (the Alibaba traces write whole GPUs so).
bool wants_whole(const GpuDemand& d) {
  return d.kind == GpuDemand::Kind::whole || (d.kind == GpuDemand::Kind::milli && d.milli >= 1000);
}

Slice whole_slice(const GpuState& g) {
  Slice s;
  s.milli = 1000;
  s.framebuffer_mib = g.model ? g.model->framebuffer_mib : 0;
  return s;
}

class PassthroughRules final : public SliceRules {
 public:
  bool prepare_pool(PoolInfo&, std::string*) const override { return true; }

  void fitting_offsets(const PoolInfo& pool, const GpuState& g, const UnitDemand& u,
                       OffsetList& out, std::string* why) const override {
    const GpuDemand& d = *u.demand;
    if (!wants_whole(d)) {
      if (why)
        *why = fmt::format("pool '{}' passes whole GPUs through; it cannot host {}", pool.name,
                           describe(d));
      return;
    }
    if (!g.empty()) {
      if (why)
        *why = fmt::format("GPU {} is passed through to request {}", g.index, g.slices[0].owner);
      return;
    }
    out.push(0);
  }

  Slice make_slice(const PoolInfo&, const GpuState& g, const UnitDemand&, int) const override {
    return whole_slice(g);
  }

  int unit_milli(const PoolInfo&, const UnitDemand& u) const override {
    return wants_whole(*u.demand) ? 1000 : -1;
  }

  void shares(const PoolInfo&, const GpuState&, GpuShares& out) const override {
    // The VM owns the board: nothing to share, no switch overhead.
    out.capacity = 1.0;
    for (SliceShare& s : out.slices) {
      s.cap = 1.0;
      s.rate = s.busy ? 1.0 : 0.0;
    }
  }
};

class SharedRules final : public SliceRules {
 public:
  bool prepare_pool(PoolInfo&, std::string*) const override { return true; }

  void fitting_offsets(const PoolInfo& pool, const GpuState& g, const UnitDemand& u,
                       OffsetList& out, std::string* why) const override {
    const GpuDemand& d = *u.demand;
    if (wants_whole(d)) {
      // k >= 1 whole GPUs: each must be entirely free (no sharer on it).
      if (!g.empty()) {
        if (why)
          *why =
              fmt::format("GPU {} is not fully free ({} milli-GPU in use by {} sharer{})", g.index,
                          g.allocated_milli(), g.slices.size(), g.slices.size() == 1 ? "" : "s");
        return;
      }
      out.push(0);
      return;
    }
    if (d.kind != GpuDemand::Kind::milli || d.milli <= 0) {
      if (why)
        *why = fmt::format("pool '{}' shares GPUs in milli-GPU; it cannot host {}", pool.name,
                           describe(d));
      return;
    }
    const int free = g.free_milli();
    if (free < d.milli) {
      if (why) *why = fmt::format("GPU {} has {} free milli-GPU, {} asked", g.index, free, d.milli);
      return;
    }
    out.push(0);
  }

  Slice make_slice(const PoolInfo&, const GpuState& g, const UnitDemand& u, int) const override {
    if (wants_whole(*u.demand)) return whole_slice(g);
    Slice s;
    s.milli = u.demand->milli;
    // Framebuffer in proportion: the Alibaba sharing model couples memory to gpu_milli.
    s.framebuffer_mib = g.model ? g.model->framebuffer_mib * s.milli / 1000 : 0;
    return s;
  }

  int unit_milli(const PoolInfo&, const UnitDemand& u) const override {
    const GpuDemand& d = *u.demand;
    if (wants_whole(d)) return 1000;
    return d.kind == GpuDemand::Kind::milli && d.milli > 0 ? d.milli : -1;
  }

  void shares(const PoolInfo& pool, const GpuState& g, GpuShares& out) const override {
    // Each sharer is held to its allocated fraction; time slicing costs switch overhead.
    for (size_t i = 0; i < out.slices.size(); ++i) out.slices[i].cap = g.slices[i].milli / 1000.0;
    out.capacity = effective_capacity(switch_overhead_now(pool.slicing, g, out), out.busy);
    water_fill(out.capacity, out);
  }
};

}  // namespace

std::shared_ptr<const SliceRules> make_passthrough_rules() {
  return std::make_shared<PassthroughRules>();
}
std::shared_ptr<const SliceRules> make_shared_rules() {
  return std::make_shared<SharedRules>();
}

}  // namespace vgpusim::detail
