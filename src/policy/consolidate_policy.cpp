// consolidate: packs VMs onto few servers so that the others empty out and can be powered
// off (energy.power_off_after). Placement goes to the fullest server that fits; every
// `migration.period`, while nothing waits, the least-loaded servers (at most
// max_source_load of their GPU capacity allocated) are evacuated when all of their VMs fit
// on fuller servers of the same board. The engine checks every move and caps them at
// migration.max_migrations per period.
#include <algorithm>
#include <numeric>

#include "migration_planning.hpp"
#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

namespace mp = migration_planning;

int64_t server_used(const ClusterState& c, int s) {
  int64_t used = 0;
  for (int g : c.server(s).gpus) used += c.gpu(g).allocated_milli();
  return used;
}

class ConsolidatePolicy : public PlacementPolicy {
 public:
  ConsolidatePolicy(int max_moves, double max_source_load)
      : max_moves_(max_moves), max_source_load_(max_source_load) {}

  bool waits_when_nothing_fits() const override { return true; }
  Decision place(const Request& r, const ClusterView& view) override {
    const ClusterState& c = view.cluster;
    const int n = static_cast<int>(c.servers().size());
    std::optional<Placement> best;
    int64_t best_used = -1;
    for (int s = 0; s < n; ++s) {
      if (!fit::server_admits(c, r, s)) continue;
      auto p = c.best_fit_on(r, s);
      if (!p) continue;
      const int64_t used = server_used(c, s) + c.server(s).cpu_milli_used;
      if (used > best_used) {
        best = std::move(p);
        best_used = used;
      }
    }
    if (best) return PlaceDecision{std::move(*best)};
    return WaitDecision{};
  }

  bool rebalances() const override { return true; }

  std::vector<MigrateDecision> rebalance(const ClusterView& view) override {
    if (!view.queue.empty()) return {};  // under pressure: no packing moves
    const ClusterState& c = view.cluster;
    auto placed = mp::placed_by_id(view);
    const int n = static_cast<int>(c.servers().size());
    std::vector<int> sources;
    for (int s = 0; s < n; ++s) {
      const int64_t cap = static_cast<int64_t>(c.server(s).gpus.size()) * 1000;
      const int64_t used = server_used(c, s);
      if (c.server(s).accepting && used > 0 && used <= max_source_load_ * static_cast<double>(cap))
        sources.push_back(s);
    }
    std::stable_sort(sources.begin(), sources.end(),
                     [&](int a, int b) { return server_used(c, a) < server_used(c, b); });
    ClusterState trial = c;
    std::vector<char> emptied(static_cast<size_t>(n), 0);
    std::vector<MigrateDecision> out;
    for (int s : sources) {
      std::vector<const Request*> vms = mp::vms_on(trial, s, placed);
      if (vms.empty() || static_cast<int>(out.size() + vms.size()) > max_moves_) continue;
      ClusterState attempt = trial;
      std::vector<MigrateDecision> moves;
      std::vector<char> exclude = emptied;
      exclude[static_cast<size_t>(s)] = 1;
      // Only onto servers fuller than s: packing, never spreading.
      for (int d = 0; d < n; ++d)
        if (server_used(trial, d) < server_used(trial, s) ||
            (server_used(trial, d) == server_used(trial, s) && d > s))
          exclude[static_cast<size_t>(d)] = 1;
      bool ok = true;
      for (const Request* vm : vms) {
        attempt.release(vm->id);
        auto d = mp::destination(attempt, *vm, s, s, exclude);
        if (!d) {
          ok = false;
          break;
        }
        attempt.allocate(*vm, *d);
        moves.push_back(MigrateDecision{vm->id, *d});
      }
      if (!ok) continue;
      trial = std::move(attempt);
      emptied[static_cast<size_t>(s)] = 1;
      out.insert(out.end(), moves.begin(), moves.end());
    }
    return out;
  }

 private:
  int max_moves_;
  double max_source_load_;
};

}  // namespace

void register_consolidate_policy(PolicyRegistry& reg) {
  reg.add({"consolidate",
           "packs work on the fullest fitting server and live-migrates VMs off lightly loaded "
           "servers so that "
           "they can be powered off (energy.power_off_after)",
           {{"max_moves", ParamType::integer, "4", false, "most VMs moved per period", {}, 0, 1000,
             "VMs"},
            {"max_source_load", ParamType::number, "0.5", false,
             "only servers with at most this fraction of GPU capacity allocated are emptied", {}, 0,
             1, "fraction"}},
           [](const PolicyContext& ctx) {
             return std::make_unique<ConsolidatePolicy>(
                 static_cast<int>(ctx.param_int("max_moves", 4)),
                 ctx.param_double("max_source_load", 0.5));
           }});
}

}  // namespace vgpusim
