// first-fit: the first server in index order that can host the request; the GPUs are
// ClusterState::best_fit_on's choice (least free capacity first), which knows every
// slicing mode's rules. The first server comes from an index of the servers where the
// request's shape fits (feasible_servers.hpp): fit::first_fit's scan, without visiting
// the servers that did not change.
#include "vgpusim/policy/feasible_servers.hpp"
#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

class FirstFitPolicy : public PlacementPolicy {
 public:
  Decision place(const Request& r, const ClusterView& view) override {
    const std::set<int>& fits = feasible_.of(view.cluster, r);
    if (fits.empty()) return WaitDecision{};
    return PlaceDecision{*view.cluster.best_fit_on(r, *fits.begin())};
  }
  bool waits_when_nothing_fits() const override { return true; }

 private:
  FeasibleServers feasible_;
};

}  // namespace

void register_first_fit_policy(PolicyRegistry& reg) {
  reg.add({"first-fit",
           "first server in index order that fits; GPUs by best fit on that server",
           {},
           [](const PolicyContext&) { return std::make_unique<FirstFitPolicy>(); }});
}

}  // namespace vgpusim
