// random: a uniformly random feasible server, then uniformly random fitting GPUs on it
// (the FGD experiment's Random). Draws use the portable draw_below on a generator seeded
// with the run's seed, so a run is reproducible on any standard library.
#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/random_draw.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

class RandomPolicy : public PlacementPolicy {
 public:
  explicit RandomPolicy(uint64_t seed) : rng_(seed) {}

  bool waits_when_nothing_fits() const override { return true; }
  Decision place(const Request& r, const ClusterView& view) override {
    const ClusterState& c = view.cluster;
    const int n = static_cast<int>(c.servers().size());
    const size_t need = static_cast<size_t>(r.gpu.gpus_needed());
    feasible_.clear();
    for (int s = 0; s < n; ++s) {
      if (!fit::server_admits(c, r, s)) continue;
      if (need == 0 || fit::fitting_gpus(c, r, s).size() >= need) feasible_.push_back(s);
    }
    if (feasible_.empty()) return WaitDecision{};
    const int s = feasible_[draw_below(rng_, feasible_.size())];
    auto fits = fit::fitting_gpus(c, r, s);
    // A partial Fisher-Yates: the first `need` entries become a uniform random subset.
    for (size_t i = 0; i < need; ++i) {
      const size_t j = i + static_cast<size_t>(draw_below(rng_, fits.size() - i));
      std::swap(fits[i], fits[j]);
    }
    auto p = fit::take_first(r, s, fits);
    if (!p) return WaitDecision{};
    return PlaceDecision{std::move(*p)};
  }

 private:
  std::mt19937_64 rng_;
  std::vector<int> feasible_;
};

}  // namespace

void register_random_policy(PolicyRegistry& reg) {
  reg.add({"random",
           "uniformly random feasible server, random fitting GPUs (seeded by the run's seed)",
           {},
           [](const PolicyContext& ctx) { return std::make_unique<RandomPolicy>(ctx.seed); }});
}

}  // namespace vgpusim
