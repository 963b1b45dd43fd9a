#include "vgpusim/policy/scored_policy.hpp"

#include <fmt/format.h>

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
  std::vector<Memo>* memo = nullptr;
  if (memoise()) {
    // Versions are per ClusterState: another state (a copy) starts the memo afresh.
    if (memo_.size() > 512 || memo_cluster_ != &c) memo_.clear();  // bounded: many shapes
    memo_cluster_ = &c;
    memo = &memo_[request_shape(r)];
    memo->resize(static_cast<size_t>(n));
  }
  int best = -1;
  int64_t best_score = std::numeric_limits<int64_t>::min();
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = best_score;
  for (int s = 0; s < n; ++s) {
    if (!fit::server_admits(c, r, s)) continue;
    auto sc = memo ? memoised_score(r, s, view, *memo) : score(r, s, view);
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

std::optional<int64_t> ScoredPolicy::memoised_score(const Request& r, int s,
                                                    const ClusterView& view,
                                                    std::vector<Memo>& memo) {
  Memo& m = memo[static_cast<size_t>(s)];
  const uint64_t v = view.cluster.server(s).version;
  if (!m.valid || m.version != v) m = Memo{v, true, score(r, s, view)};
  return m.score;
}

std::string request_shape(const Request& r) {
  std::string k =
      fmt::format("{}/{}/{}/{}/{}/{}", r.cpu_milli, r.memory_mib, static_cast<int>(r.gpu.kind),
                  r.gpu.count, r.gpu.milli, r.gpu.vgpu_type);
  for (const auto& m : r.gpu.gpu_models) k += "/" + m;
  return k;
}

std::optional<Placement> ScoredPolicy::choose(const Request& r, int s, const ClusterView& view) {
  return fit::best_fit_gpus(view.cluster, r, s);
}

ParamSpec ties_param() {
  return {"ties", ParamType::choice, "permutation", false,
          "equal scores: 'permutation' (first in a seeded permutation of the servers, as FGD) "
          "or 'index' (lowest server index)",
          {"permutation", "index"}};
}

bool permute_ties(const PolicyContext& ctx) {
  const std::string t = ctx.param("ties", "permutation");
  if (t == "permutation") return true;
  if (t == "index") return false;
  throw std::invalid_argument("parameter 'ties': expected 'permutation' or 'index', got '" + t +
                              "'");
}

}  // namespace vgpusim
