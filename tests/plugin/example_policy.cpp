// An example vgpusim policy plugin: "spread" puts each request on the feasible server with
// the fewest allocated GPU milli (lowest index on ties), GPUs by best fit. It is the
// walkthrough of docs/writing-a-policy.md. Build it as a MODULE library; it links against
// nothing from vgpusim and reaches vgpusim's code only through the PluginHost it is given.
#include <limits>

#include "vgpusim/policy/plugin_abi.h"

namespace {

const vgpusim::PluginHost* host = nullptr;

class SpreadPolicy : public vgpusim::PlacementPolicy {
 public:
  vgpusim::Decision place(const vgpusim::Request& r, const vgpusim::ClusterView& view) override {
    const vgpusim::ClusterState& c = view.cluster;
    int64_t best_used = std::numeric_limits<int64_t>::max();
    std::optional<vgpusim::Placement> best;
    for (int s = 0; s < static_cast<int>(c.servers().size()); ++s) {
      if (!host->server_admits(c, r, s)) continue;
      int64_t used = 0;
      for (int g : c.server(s).gpus) used += 1000 - host->free_milli(c, g);
      if (used >= best_used) continue;
      if (auto p = host->best_fit_on(c, r, s)) best_used = used, best = std::move(p);
    }
    if (!best) return vgpusim::WaitDecision{};
    return vgpusim::PlaceDecision{std::move(*best)};
  }
};

}  // namespace

extern "C" int vgpusim_plugin_abi_version(void) {
  return VGPUSIM_PLUGIN_ABI_VERSION;
}

extern "C" void vgpusim_plugin_register(void* h) {
  host = static_cast<const vgpusim::PluginHost*>(h);
  host->policies->add(
      {"spread",
       "example plugin: the server with the fewest allocated GPU milli",
       {},
       [](const vgpusim::PolicyContext&) { return std::make_unique<SpreadPolicy>(); }});
}
