// first-fit: the first server in index order that can host the request; the GPUs are
// ClusterState::best_fit_on's choice (least free capacity first), which knows every
// slicing mode's rules.
#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

class FirstFitPolicy : public PlacementPolicy {
 public:
  Decision place(const Request& r, const ClusterView& view) override {
    if (auto p = fit::first_fit(view.cluster, r)) return PlaceDecision{std::move(*p)};
    return WaitDecision{};
  }
};

}  // namespace

void register_first_fit_policy(PolicyRegistry& reg) {
  reg.add({"first-fit",
           "first server in index order that fits; GPUs by best fit on that server",
           {},
           [](const PolicyContext&) { return std::make_unique<FirstFitPolicy>(); }});
}

}  // namespace vgpusim
