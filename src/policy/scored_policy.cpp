#include "vgpusim/policy/scored_policy.hpp"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

#include "vgpusim/policy/feasible_servers.hpp"
#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/random_draw.hpp"

namespace vgpusim {

Decision ScoredPolicy::place(const Request& r, const ClusterView& view) {
  const ClusterState& c = view.cluster;
  const int n = static_cast<int>(c.servers().size());
  if (permute_ties_ && static_cast<int>(rank_.size()) != n) rank_ = seeded_ranks(n, seed_);
  begin(r, view);
  if (memoise()) return place_indexed(r, view);
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

void ScoredPolicy::rescore(const Request& r, int s, const ClusterView& view, Ranking& k) {
  std::optional<int64_t>& sc = k.score[static_cast<size_t>(s)];
  if (sc) k.order.erase({-*sc, tie_key(s), s});
  sc = fit::server_admits(view.cluster, r, s) ? score(r, s, view) : std::nullopt;
  if (sc) k.order.insert({-*sc, tie_key(s), s});
}

Decision ScoredPolicy::place_indexed(const Request& r, const ClusterView& view) {
  const ClusterState& c = view.cluster;
  const size_t n = c.servers().size();
  // Another state (a copy) starts afresh; so do many shapes (bounded memory).
  if (rankings_.size() > 512 || rankings_log_ != c.change_log().id()) {
    rankings_.clear();
    rankings_log_ = c.change_log().id();
  }
  auto [it, fresh] = rankings_.try_emplace(request_shape(r));
  Ranking& k = it->second;
  ++query_;
  if (fresh) {
    k.score.assign(n, std::nullopt);
    k.mark.assign(n, 0);
    for (size_t s = 0; s < n; ++s) rescore(r, static_cast<int>(s), view, k);
    k.seen = c.change_log().servers().size();
  } else {
    k.seen = catch_up(c, k.seen, k.mark, query_, [&](int s) { rescore(r, s, view, k); });
  }
  if (k.order.empty()) return WaitDecision{};
  const auto& [neg_best, tie, best] = *k.order.begin();
  auto p = choose(r, best, view);
  if (!p) return WaitDecision{};
  last_score_ = report(-neg_best, -std::get<0>(*k.order.rbegin()), -neg_best);
  return PlaceDecision{std::move(*p)};
}

std::vector<ScoredServer> ScoredPolicy::ranked(const Request& r, size_t k) const {
  std::vector<ScoredServer> out;
  auto it = rankings_.find(request_shape(r));
  if (!memoise() || it == rankings_.end()) return out;  // scores kept only when memoised
  for (const auto& [neg_score, tie, s] : it->second.order) {
    if (out.size() >= k) break;
    out.push_back({s, -neg_score});
  }
  return out;
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
