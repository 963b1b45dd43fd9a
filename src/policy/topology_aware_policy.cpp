// topology-aware: a gang (wider than a server) on the fewest racks, then the fewest servers,
// so that its ring all-reduce crosses as few ToR uplinks as it can (docs/training.md); work
// that fits one server goes to the feasible server of the fullest rack (least free GPU
// capacity; then least free on the server, lowest index), keeping whole racks free for
// gangs. On a star network every server is in one rack: gangs take the fewest servers.
#include <unordered_map>

#include "vgpusim/policy/feasible_servers.hpp"
#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/gang_placement.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

class TopologyAwarePolicy : public PlacementPolicy {
 public:
  TopologyAwarePolicy(int max_racks, bool pack_racks)
      : max_racks_(max_racks), pack_racks_(pack_racks) {}

  bool waits_when_nothing_fits() const override { return true; }

  Decision place(const Request& r, const ClusterView& view) override {
    const ClusterState& c = view.cluster;
    const std::set<int>& fits = feasible_.of(c, r);
    if (fits.empty()) return WaitDecision{};
    int best = *fits.begin();
    if (pack_racks_) {
      std::unordered_map<int, int64_t> rack_free;  // racks of the feasible servers
      auto free_of_rack = [&](int s) {
        auto [it, fresh] = rack_free.try_emplace(c.rack_of(s), 0);
        if (fresh) {
          auto [first, last] = c.rack_servers(c.rack_of(s));
          for (int t = first; t < last; ++t) it->second += fit::server_free_milli(c, t);
        }
        return it->second;
      };
      auto key = [&](int s) { return std::pair{free_of_rack(s), fit::server_free_milli(c, s)}; };
      auto best_key = key(best);
      for (int s : fits) {
        auto k = key(s);
        if (k < best_key) best = s, best_key = k;
      }
    }
    return PlaceDecision{*c.best_fit_on(r, best)};
  }

  std::optional<GangDecision> place_gang(const Request& r, const ClusterView& view) override {
    return fewest_racks_gang(r, view.cluster, max_racks_);
  }

 private:
  int max_racks_;
  bool pack_racks_;
  FeasibleServers feasible_;
};

}  // namespace

void register_topology_aware_policy(PolicyRegistry& reg) {
  ParamSpec max_racks{"max_racks", ParamType::integer, "0", false,
                      "most racks a gang may span; one that needs more waits (0: any number)"};
  max_racks.min = 0;
  max_racks.unit = "racks";
  ParamSpec pack{"pack_racks", ParamType::boolean, "true", false,
                 "work that fits one server goes to the fullest rack that can host it "
                 "(false: the first server that fits), keeping racks free for gangs"};
  reg.add({"topology-aware",
           "gangs on the fewest racks, then the fewest servers (fewest ToR uplinks crossed); "
           "other work packed into the fullest rack",
           {max_racks, pack},
           [](const PolicyContext& ctx) {
             return std::make_unique<TopologyAwarePolicy>(
                 static_cast<int>(ctx.param_int("max_racks", 0)),
                 ctx.param_bool("pack_racks", true));
           }});
}

}  // namespace vgpusim
