// mig-aware: MIG start-position-aware packing. MIG instances can only start at fixed
// memory-slice positions (3g at {0,4}, 4g and 7g at {0}, ...), so a small instance placed
// at position 0 can block every large profile on that GPU. Following NVIDIA's MIG user
// guide, each instance goes to the highest free start position its profile allows, and
// GPUs already partly used are filled before empty ones, so that empty GPUs and low start
// positions stay available for large profiles.
//
// Server and GPU choice: on each server the fitting GPUs are ranked by (empty GPU last,
// least free milli first, lowest index); the request takes the first gpus_needed() of
// them. The server whose chosen GPUs use the fewest empty GPUs, then the least free milli,
// then the lowest index, wins. Pools that are not MIG use the same ranking with the
// lowest offset (their offsets carry no start-position constraint worth preserving,
// except mixed-size vGPU placement IDs, where the lowest is the documented default).
#include <algorithm>
#include <limits>
#include <tuple>

#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

class MigAwarePolicy : public PlacementPolicy {
 public:
  bool waits_when_nothing_fits() const override { return true; }
  Decision place(const Request& r, const ClusterView& view) override {
    const ClusterState& c = view.cluster;
    const int n = static_cast<int>(c.servers().size());
    const int need = r.gpu.gpus_needed();
    std::tuple<int, int64_t, int> best_key{std::numeric_limits<int>::max(), 0, 0};
    std::optional<Placement> best;
    for (int s = 0; s < n; ++s) {
      if (!fit::server_admits(c, r, s)) continue;
      if (need == 0) return PlaceDecision{Placement{s, {}}};
      struct Cand {
        int empty;
        int free;
        int gpu;
        int offset;
      };
      std::vector<Cand> cands;
      const bool mig =
          c.pools()[static_cast<size_t>(c.server(s).pool)].slicing.mode == SliceMode::mig;
      for (int g : c.server(s).gpus) {
        if (!c.gpu(g).healthy) continue;
        auto offs = c.fitting_offsets(r.gpu, g);
        if (offs.empty()) continue;
        cands.push_back(
            {c.gpu(g).empty() ? 1 : 0, c.gpu(g).free_milli(), g, mig ? offs.back() : offs.front()});
      }
      if (static_cast<int>(cands.size()) < need) continue;
      std::stable_sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
        return std::tie(a.empty, a.free) < std::tie(b.empty, b.free);
      });
      int empties = 0;
      int64_t free = 0;
      Placement p{s, {}};
      for (int i = 0; i < need; ++i) {
        const Cand& k = cands[static_cast<size_t>(i)];
        empties += k.empty;
        free += k.free;
        p.slots.push_back({k.gpu, k.offset});
      }
      const std::tuple<int, int64_t, int> key{empties, free, s};
      if (key < best_key) best_key = key, best = std::move(p);
    }
    if (!best) return WaitDecision{};
    return PlaceDecision{std::move(*best)};
  }
};

}  // namespace

void register_mig_aware_policy(PolicyRegistry& reg) {
  reg.add({"mig-aware",
           "MIG start-position-aware packing: partly used GPUs first, each instance at the "
           "highest free start position so large profiles keep theirs",
           {},
           [](const PolicyContext&) { return std::make_unique<MigAwarePolicy>(); }});
}

}  // namespace vgpusim
