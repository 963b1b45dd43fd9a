#pragma once
// The common shape of the score-based policies of the FGD experiment: score every
// feasible server, the highest score wins; ties go to the server that comes first in a
// seeded permutation of the servers (FGD's rule, used by every scored policy so that
// none is biased towards low server indices), or to the lowest index when
// `ties: index` is asked. The GPU choice of the winner is a separate hook so that only
// one placement is built per decision.
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "vgpusim/policy/policy.hpp"

namespace vgpusim {

/// The normalisers of the FGD experiment's scores (fgd-experiment.md).
inline constexpr double kMaxCpuMilli = 128000;
inline constexpr double kMaxGpuMilli = 8000;

class ScoredPolicy : public PlacementPolicy {
 public:
  ScoredPolicy(uint64_t seed, bool permute_ties) : seed_(seed), permute_ties_(permute_ties) {}
  Decision place(const Request& r, const ClusterView& view) override;
  bool waits_when_nothing_fits() const override { return true; }
  std::vector<ScoredServer> ranked(const Request& r, size_t k) const override;

  /// The score of the last winner (for tests and traces).
  int64_t last_score() const { return last_score_; }

 protected:
  /// Called once per decision before any score().
  virtual void begin(const Request& /*r*/, const ClusterView& /*view*/) {}
  /// The score of server s (already admitted by fit::server_admits), nullopt when the
  /// request does not fit there. It must depend only on the request and on server s (its
  /// ServerState and GPUs): place() memoises it per request shape and server until the
  /// server's version moves. A policy whose scores look further overrides memoise().
  virtual std::optional<int64_t> score(const Request& r, int s, const ClusterView& view) = 0;
  virtual bool memoise() const { return true; }
  /// The GPUs on the winning server; default best fit.
  virtual std::optional<Placement> choose(const Request& r, int s, const ClusterView& view);
  /// Maps the raw winning score to the reported one (best-fit's min-max normalisation).
  virtual int64_t report(int64_t raw, int64_t lo, int64_t hi) const {
    (void)lo, (void)hi;
    return raw;
  }

  uint64_t seed_;

 private:
  // Per request shape (request_shape()): every server's score and the servers ordered by
  // (score descending, tie key), kept up to date from the cluster's change log. Most
  // decisions change one server, so a decision rescores only the servers that changed
  // since the last request of its shape, and the winner is the first of the order.
  struct Ranking {
    size_t seen = 0;  // change-log entries applied
    std::vector<std::optional<int64_t>> score;
    std::vector<uint64_t> mark;
    std::set<std::tuple<int64_t, int, int>> order;  // (-score, tie key, server)
  };
  void rescore(const Request& r, int s, const ClusterView& view, Ranking& k);
  Decision place_indexed(const Request& r, const ClusterView& view);
  int tie_key(int s) const { return permute_ties_ ? rank_[static_cast<size_t>(s)] : s; }

  bool permute_ties_;
  std::vector<int> rank_;
  int64_t last_score_ = 0;
  std::unordered_map<std::string, Ranking> rankings_;
  uint64_t rankings_log_ = 0;  // ClusterState::change_log().id() they describe
  uint64_t query_ = 0;
};

/// Registration functions of the built-in policies (called by policy_registry()).
void register_first_fit_policy(PolicyRegistry& reg);
void register_best_fit_policy(PolicyRegistry& reg);
void register_worst_fit_policy(PolicyRegistry& reg);
void register_random_policy(PolicyRegistry& reg);
void register_dot_product_policy(PolicyRegistry& reg);
void register_gpu_packing_policy(PolicyRegistry& reg);
void register_gpu_clustering_policy(PolicyRegistry& reg);
void register_fgd_policy(PolicyRegistry& reg);
void register_mig_aware_policy(PolicyRegistry& reg);
void register_defrag_policy(PolicyRegistry& reg);       // live migration (defrag_policy.cpp)
void register_consolidate_policy(PolicyRegistry& reg);  // live migration + power-off
void register_topology_aware_policy(PolicyRegistry& reg);  // racks (topology_aware_policy.cpp)

/// What a score may depend on in a request: resources asked and the GPU demand (not the id,
/// label, times or priority), as a key.
std::string request_shape(const Request& r);

/// The shared `ties` parameter of the scored policies.
ParamSpec ties_param();
bool permute_ties(const PolicyContext& ctx);

/// Registers a ScoredPolicy subclass whose only parameter is `ties`.
template <typename Policy>
void register_scored_policy(PolicyRegistry& reg, std::string name, std::string description) {
  reg.add({std::move(name), std::move(description), {ties_param()}, [](const PolicyContext& ctx) {
             return std::make_unique<Policy>(ctx.seed, permute_ties(ctx));
           }});
}

}  // namespace vgpusim
