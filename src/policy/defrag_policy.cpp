// defrag: first-fit placement, plus live migration when fragmentation blocks the queue.
// Every `migration.period` the engine calls rebalance(): when the first waiting request
// fits on no server although the free capacity exists in pieces, it looks for the fewest
// VMs (1, 2, ... up to max_moves) of one server whose departure makes room for it there,
// each of them re-placed elsewhere on its own board. It proposes; the engine checks every
// move against the slicing rules and caps them at migration.max_migrations per period.
#include <algorithm>

#include "migration_planning.hpp"
#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

namespace mp = migration_planning;

class DefragPolicy : public PlacementPolicy {
 public:
  DefragPolicy(int max_moves, int max_tries) : max_moves_(max_moves), max_tries_(max_tries) {}

  bool waits_when_nothing_fits() const override { return true; }
  Decision place(const Request& r, const ClusterView& view) override {
    if (auto p = fit::first_fit(view.cluster, r)) return PlaceDecision{std::move(*p)};
    return WaitDecision{};
  }

  bool rebalances() const override { return true; }

  std::vector<MigrateDecision> rebalance(const ClusterView& view) override {
    const ClusterState& c = view.cluster;
    auto placed = mp::placed_by_id(view);
    for (const Request* r : view.queue) {
      if (mp::fits_somewhere(c, *r)) return {};  // not blocked: the next pass places it
      return make_room(c, *r, placed);           // the head of the queue only (FIFO order)
    }
    return {};
  }

 private:
  std::vector<MigrateDecision> make_room(const ClusterState& c, const Request& r,
                                         const std::map<int64_t, const Request*>& placed) const {
    const int n = static_cast<int>(c.servers().size());
    int tries = 0;
    for (int k = 1; k <= max_moves_; ++k) {
      for (int s = 0; s < n; ++s) {
        if (!c.server(s).accepting) continue;
        std::vector<const Request*> vms = mp::vms_on(c, s, placed);
        if (static_cast<int>(vms.size()) < k) continue;
        // Combinations of k VMs, smallest first (the cheapest to move).
        std::vector<int> idx(static_cast<size_t>(k));
        for (int i = 0; i < k; ++i) idx[static_cast<size_t>(i)] = i;
        for (;;) {
          if (++tries > max_tries_) return {};
          std::vector<const Request*> pick;
          for (int i : idx) pick.push_back(vms[static_cast<size_t>(i)]);
          if (auto d = try_moves(c, r, s, pick)) return *d;
          int i = k - 1;
          while (i >= 0 && idx[static_cast<size_t>(i)] == static_cast<int>(vms.size()) - k + i) --i;
          if (i < 0) break;
          ++idx[static_cast<size_t>(i)];
          for (int j = i + 1; j < k; ++j)
            idx[static_cast<size_t>(j)] = idx[static_cast<size_t>(j - 1)] + 1;
        }
      }
    }
    return {};
  }

  // On a copy: move `pick` off server s, hold the room for r there, re-place each.
  static std::optional<std::vector<MigrateDecision>> try_moves(
      const ClusterState& c, const Request& r, int s, const std::vector<const Request*>& pick) {
    ClusterState trial = c;
    for (const Request* vm : pick) trial.release(vm->id);
    auto room = trial.best_fit_on(r, s);
    if (!room) return std::nullopt;
    Request hold = r;
    hold.id = INT64_MAX - 1;  // an id no VM has
    trial.allocate(hold, *room);
    std::vector<MigrateDecision> out;
    for (const Request* vm : pick) {
      auto d = mp::destination(trial, *vm, s, s, {});
      if (!d) return std::nullopt;
      trial.allocate(*vm, *d);
      out.push_back(MigrateDecision{vm->id, *d});
    }
    return out;
  }

  int max_moves_;
  int max_tries_;
};

}  // namespace

void register_defrag_policy(PolicyRegistry& reg) {
  reg.add(
      {"defrag",
       "first-fit; when fragmentation blocks the head of the queue, live-migrates the fewest VMs "
       "that make room for it (every migration.period)",
       {{"max_moves", ParamType::integer, "4", false, "most VMs moved to make room for one request",
         {}, 1, 1000, "VMs"},
        {"max_tries", ParamType::integer, "2000", false,
         "combinations tried per period (bounds the search)", {}, 1, 1e7, "combinations"}},
       [](const PolicyContext& ctx) {
         return std::make_unique<DefragPolicy>(static_cast<int>(ctx.param_int("max_moves", 4)),
                                               static_cast<int>(ctx.param_int("max_tries", 2000)));
       }});
}

}  // namespace vgpusim
