#include "vgpusim/policy/preemption.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "vgpusim/cluster/gang.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

struct Candidate {
  const RunningJob* job = nullptr;
  double rank = 0;
  int server = -1;
  bool taken = false;
};

std::optional<Placement> fit_anywhere(const ClusterState& c, const Request& r) {
  for (int s = 0; s < static_cast<int>(c.servers().size()); ++s)
    if (auto p = c.best_fit_on(r, s)) return p;
  return std::nullopt;
}

// What a request is counted as on the cluster once decided (its victims gone, its room
// taken), applied only when a later request looks: with one request, never.
struct Counted {
  std::vector<int64_t> released;
  const Request* request = nullptr;
  std::optional<Placement> placement;
};

}  // namespace

PreemptionChoice choose_preemptions(const ClusterState& cluster, const QueueDiscipline& queue,
                                    std::span<const Request* const> waiting,
                                    std::span<const RunningJob> running, int64_t window) {
  PreemptionChoice out;
  if (waiting.empty() || window < 1) return out;
  // The order agrees with rank, so no waiting request outranks the first: a running job
  // ranking no higher than it is never a victim, and is not looked at.
  const Request& first = *waiting.front();
  const double floor = queue.rank(first, first.attained_gpu_s, first.estimated_runtime_s);
  std::vector<Candidate> cands;
  double max_rank = -std::numeric_limits<double>::infinity();
  for (const RunningJob& j : running) {
    if (!j.preemptible || j.stopping) continue;
    const double rank = queue.rank(*j.request, j.attained_gpu_s, j.remaining_s);
    if (!(rank > floor)) continue;
    const int server = cluster.server_of(j.owner);
    if (server < 0) continue;
    max_rank = std::max(max_rank, rank);
    cands.push_back(Candidate{&j, rank, server});
  }
  if (cands.empty()) return out;
  // Per server, the candidates in the order they would be stopped: highest rank first, then
  // the most recently started (the least progress since it began), then the newest id.
  std::map<int, std::vector<size_t>> by_server;
  for (size_t i = 0; i < cands.size(); ++i) by_server[cands[i].server].push_back(i);
  for (auto& [s, list] : by_server)
    std::sort(list.begin(), list.end(), [&](size_t a, size_t b) {
      const Candidate &x = cands[a], &y = cands[b];
      if (x.rank != y.rank) return x.rank > y.rank;
      if (x.job->placed_at != y.job->placed_at) return x.job->placed_at > y.job->placed_at;
      return x.job->owner > y.job->owner;
    });

  // The cluster as this decision sees it: `cluster` itself until something must be counted
  // on it (the room of jobs already being stopped as free, an earlier request's victims and
  // room), then a copy. Victims are weighed with best_fit_without, on no copy.
  std::optional<ClusterState> scratch;
  const ClusterState* state = &cluster;
  auto edit = [&]() -> ClusterState& {
    if (!scratch) state = &scratch.emplace(cluster);
    return *scratch;
  };
  bool stopping_counted = false;
  Counted counted;
  std::set<std::pair<std::string, double>> no_room;  // request shape and rank that found no server
  int64_t looked = 0;
  for (const Request* w : waiting) {
    if (++looked > window) break;
    const double rw = queue.rank(*w, w->attained_gpu_s, w->estimated_runtime_s);
    if (!(rw < max_rank)) break;  // the order agrees with rank: nothing later outranks anyone
    if (needs_gang(cluster, *w)) continue;  // wider than any server: no victims make it fit
    if (!stopping_counted) {
      stopping_counted = true;
      for (const RunningJob& j : running)
        if (j.stopping && cluster.holds(j.owner)) edit().release(j.owner);
    }
    for (int64_t owner : counted.released) edit().release(owner);
    if (counted.placement) edit().allocate(*counted.request, *counted.placement);
    counted = Counted{};
    const ClusterState& c = *state;
    if (auto p = fit_anywhere(c, *w)) {  // room now, or once the stopping jobs are gone
      counted = Counted{{}, w, std::move(p)};
      continue;
    }
    std::pair<std::string, double> key{request_shape(*w), rw};
    if (no_room.count(key)) continue;
    // Servers by the rank of their first victim, highest first: the least deserving jobs
    // are stopped first, and a server needing one victim ends the search.
    std::vector<std::pair<double, int>> order;
    for (const auto& [s, list] : by_server)
      for (size_t i : list)
        if (!cands[i].taken) {
          order.emplace_back(-cands[i].rank, s);
          break;
        }
    std::sort(order.begin(), order.end());
    int best_server = -1;
    size_t best_count = std::numeric_limits<size_t>::max();
    double best_low = 0;  // the lowest rank among the best server's victims
    std::vector<int64_t> released;
    for (const auto& [neg_top, s] : order) {
      if (-neg_top <= rw) break;  // no victim here or further on
      const std::vector<size_t>& list = by_server[s];
      released.clear();
      double low = 0;
      bool fits = false;
      for (size_t i : list) {
        if (cands[i].taken) continue;
        if (!(cands[i].rank > rw)) break;  // the rest rank no higher
        released.push_back(cands[i].job->owner);
        low = cands[i].rank;
        if (released.size() > best_count) break;  // no better than the best so far
        if (c.best_fit_without(*w, s, released)) {
          fits = true;
          break;
        }
      }
      if (!fits) continue;
      if (released.size() < best_count || (released.size() == best_count && low > best_low)) {
        best_server = s;
        best_count = released.size();
        best_low = low;
        if (best_count == 1) break;  // later servers' first victims rank no higher
      }
    }
    if (best_server < 0) {
      no_room.insert(std::move(key));
      continue;
    }
    size_t n = 0;
    for (size_t i : by_server[best_server]) {
      if (n == best_count) break;
      if (cands[i].taken) continue;
      cands[i].taken = true;
      out.victims.push_back(cands[i].job->owner);
      counted.released.push_back(cands[i].job->owner);
      ++n;
    }
    out.beneficiaries.push_back(w->id);
    counted.request = w;
    counted.placement = c.best_fit_without(*w, best_server, counted.released);
  }
  return out;
}

}  // namespace vgpusim
