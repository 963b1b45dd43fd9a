#include "vgpusim/policy/scored_policy.hpp"

#include <limits>
#include <stdexcept>

#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/random_draw.hpp"

namespace vgpusim {

Decision ScoredPolicy::place(const Request& r, const ClusterView& view) {
  const ClusterState& c = view.cluster;
  const int n = static_cast<int>(c.servers().size());
  if (permute_ties_ && static_cast<int>(rank_.size()) != n) rank_ = seeded_ranks(n, seed_);
  begin(r, view);
  int best = -1;
  int64_t best_score = std::numeric_limits<int64_t>::min();
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = best_score;
  for (int s = 0; s < n; ++s) {
    if (!fit::server_admits(c, r, s)) continue;
    auto sc = score(r, s, view);
    if (!sc) continue;
    lo = std::min(lo, *sc);
    hi = std::max(hi, *sc);
    const bool better =
        *sc > best_score || (*sc == best_score && permute_ties_ &&
                             rank_[static_cast<size_t>(s)] < rank_[static_cast<size_t>(best)]);
    if (better) best = s, best_score = *sc;
  }
  if (best < 0) return WaitDecision{};
  auto p = choose(r, best, view);
  if (!p) return WaitDecision{};
  last_score_ = report(best_score, lo, hi);
  return PlaceDecision{std::move(*p)};
}

std::optional<Placement> ScoredPolicy::choose(const Request& r, int s, const ClusterView& view) {
  return fit::best_fit_gpus(view.cluster, r, s);
}

ParamInfo ties_param() {
  return {"ties", "permutation",
          "equal scores: 'permutation' (first in a seeded permutation of the servers, as FGD) "
          "or 'index' (lowest server index)"};
}

bool permute_ties(const PolicyContext& ctx) {
  const std::string t = ctx.param("ties", "permutation");
  if (t == "permutation") return true;
  if (t == "index") return false;
  throw std::invalid_argument("parameter 'ties': expected 'permutation' or 'index', got '" + t +
                              "'");
}

}  // namespace vgpusim
