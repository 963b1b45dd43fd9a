#pragma once
// The scheduler plugin interface (SPEC 2.5). A policy sees a read-only view of the cluster
// and returns decisions; it never calls SimGrid. The controller checks every decision and
// counts invalid ones as rejected with their reason.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/cluster/gang.hpp"
#include "vgpusim/policy/target_workload.hpp"
#include "vgpusim/util/registry.hpp"

namespace vgpusim {

/// What a policy may read: the cluster, the waiting queue and the clock.
struct ClusterView {
  const ClusterState& cluster;
  // Waiting requests, in queue order, for rebalance(). place() gets an empty list: the
  // controller offers requests in queue order itself, and building the list for every
  // decision would make a decision's cost grow with the queue's depth.
  const std::vector<const Request*>& queue;
  double now = 0;
  // The VMs placed now, by owner id (set when rebalance() is called; may be null).
  const std::vector<const Request*>* placed = nullptr;
};

struct PlaceDecision {
  Placement placement;
};
struct WaitDecision {};
struct RejectDecision {
  std::string reason;
};
struct MigrateDecision {
  int64_t vm = -1;  // owner id of the VM to move
  Placement destination;
};
using Decision = std::variant<PlaceDecision, WaitDecision, RejectDecision>;
/// A gang (a request wider than any server, cluster/gang.hpp) placed on several servers.
struct PlaceGangDecision {
  GangPlacement gang;
};
using GangDecision = std::variant<PlaceGangDecision, WaitDecision, RejectDecision>;

/// The default gang placement (gang_placement.cpp): the servers that can host the most of
/// the gang first (lowest index on ties), i.e. the fewest servers that can hold it; Wait
/// when the free GPUs cannot add up to it.
GangDecision fewest_servers_gang(const Request& r, const ClusterState& c);

/// A server and the score a policy gave it for a request (higher wins).
struct ScoredServer {
  int server = -1;
  int64_t score = 0;
};

/// Named parameter values given to a policy from the scenario (`policy: {params: {...}}`).
using PolicyParams = std::map<std::string, std::string>;

class PlacementPolicy {
 public:
  virtual ~PlacementPolicy() = default;
  /// Where to put `r` now, or wait / reject.
  virtual Decision place(const Request& r, const ClusterView& view) = 0;
  /// Where to put a gang: a request asking more GPUs than any server holds (needs_gang),
  /// as parts on several servers that start together. nullopt (the default) leaves it to
  /// fewest_servers_gang; topology-aware policies override it. (Inline and free of calls
  /// into vgpusim, so that a plugin built against this header needs no symbol for it.)
  virtual std::optional<GangDecision> place_gang(const Request& /*r*/, const ClusterView& /*view*/) {
    return std::nullopt;
  }
  /// Optional: VMs to move (defragmentation, consolidation). Called by the controller
  /// after placements when the policy asks for it; default none.
  virtual std::vector<MigrateDecision> rebalance(const ClusterView& /*view*/) { return {}; }
  /// Whether rebalance() may return anything: the engine then calls it every
  /// `migration.period` (a tick that costs nothing to policies that never migrate).
  virtual bool rebalances() const { return false; }
  /// True when place() answers Wait, with no side effect, whenever the request fits on no
  /// server (FeasibleServers): the controller then skips the call for such requests, so
  /// that a blocked queue costs nothing per event. A policy that learns from the requests
  /// it is shown (FGD without a target workload) or may reject says false (the default).
  virtual bool waits_when_nothing_fits() const { return false; }
  /// The `k` servers the last place() of a request shaped as `r` ranked best, best first,
  /// with their raw scores (decisions.csv); empty for a policy that does not score. Asked
  /// only when decisions are recorded, right after place().
  virtual std::vector<ScoredServer> ranked(const Request& /*r*/, size_t /*k*/) const { return {}; }
};

/// What a factory gets: its parameters (defaults filled in) and a seeded generator.
/// `workload` is optional: FGD measures fragmentation against it (the Alibaba importer
/// builds it with openb_target_workload()); without it FGD learns the type popularity
/// online from the requests it is asked to place.
struct PolicyContext {
  PolicyParams params;
  uint64_t seed = 0;
  std::shared_ptr<const TargetWorkload> workload;

  /// The parameter's value, or `fallback` when absent; throws std::invalid_argument
  /// naming the parameter when the value does not parse.
  std::string param(const std::string& name, const std::string& fallback) const;
  double param_double(const std::string& name, double fallback) const;
  int64_t param_int(const std::string& name, int64_t fallback) const;
  bool param_bool(const std::string& name, bool fallback) const;
};

using PolicyFactory = std::function<std::unique_ptr<PlacementPolicy>(const PolicyContext&)>;
using PolicyRegistry = Registry<PolicyFactory>;

/// The process-wide registry, with the built-in policies registered on first use.
PolicyRegistry& policy_registry();

}  // namespace vgpusim
