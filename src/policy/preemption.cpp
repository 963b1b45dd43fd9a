#include "vgpusim/policy/preemption.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {
namespace {

struct Candidate {
  const RunningJob* job = nullptr;
  double rank = 0;
  Placement placement;
  bool taken = false;
};

std::optional<Placement> fit_anywhere(const ClusterState& c, const Request& r) {
  for (int s = 0; s < static_cast<int>(c.servers().size()); ++s)
    if (auto p = c.best_fit_on(r, s)) return p;
  return std::nullopt;
}

}  // namespace

PreemptionChoice choose_preemptions(const ClusterState& cluster, const QueueDiscipline& queue,
                                    std::span<const Request* const> waiting,
                                    std::span<const RunningJob> running, int64_t window) {
  PreemptionChoice out;
  std::vector<Candidate> cands;
  double max_rank = -std::numeric_limits<double>::infinity();
  for (const RunningJob& j : running) {
    if (!j.preemptible || j.stopping) continue;
    auto where = cluster.placement_of(j.owner);
    if (!where) continue;
    Candidate c{&j, queue.rank(*j.request, j.attained_gpu_s, j.remaining_s), *where};
    max_rank = std::max(max_rank, c.rank);
    cands.push_back(std::move(c));
  }
  if (cands.empty()) return out;
  // Per server, the candidates in the order they would be stopped: highest rank first, then
  // the most recently started (the least progress since it began), then the newest id.
  std::map<int, std::vector<size_t>> by_server;
  for (size_t i = 0; i < cands.size(); ++i) by_server[cands[i].placement.server].push_back(i);
  for (auto& [s, list] : by_server)
    std::sort(list.begin(), list.end(), [&](size_t a, size_t b) {
      const Candidate &x = cands[a], &y = cands[b];
      if (x.rank != y.rank) return x.rank > y.rank;
      if (x.job->placed_at != y.job->placed_at) return x.job->placed_at > y.job->placed_at;
      return x.job->owner > y.job->owner;
    });

  // The cluster as this decision sees it: made on first need (most passes need none), with
  // the room of jobs already being stopped counted as free.
  std::optional<ClusterState> scratch;
  std::set<std::string> no_room;  // request shape and rank that found no server
  int64_t looked = 0;
  for (const Request* w : waiting) {
    if (++looked > window) break;
    const double rw = queue.rank(*w, w->attained_gpu_s, w->estimated_runtime_s);
    if (!(rw < max_rank)) break;  // the order agrees with rank: nothing later outranks anyone
    if (!scratch) {
      scratch = cluster;
      for (const RunningJob& j : running)
        if (j.stopping) scratch->release(j.owner);
    }
    ClusterState& c = *scratch;
    if (auto p = fit_anywhere(c, *w)) {  // room now, or once the stopping jobs are gone
      c.allocate(*w, *p);
      continue;
    }
    const std::string key = fmt::format("{}@{}", request_shape(*w), rw);
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
    for (const auto& [neg_top, s] : order) {
      if (-neg_top <= rw) break;  // no victim here or further on
      const std::vector<size_t>& list = by_server[s];
      std::vector<size_t> released;
      bool fits = false;
      for (size_t i : list) {
        if (cands[i].taken) continue;
        if (!(cands[i].rank > rw)) break;  // the rest rank no higher
        c.release(cands[i].job->owner);
        released.push_back(i);
        if (released.size() > best_count) break;  // no better than the best so far
        if (c.best_fit_on(*w, s)) {
          fits = true;
          break;
        }
      }
      for (size_t i : released) c.allocate(*cands[i].job->request, cands[i].placement);
      if (!fits) continue;
      const double low = cands[released.back()].rank;
      if (released.size() < best_count || (released.size() == best_count && low > best_low)) {
        best_server = s;
        best_count = released.size();
        best_low = low;
        if (best_count == 1) break;  // later servers' first victims rank no higher
      }
    }
    if (best_server < 0) {
      no_room.insert(key);
      continue;
    }
    size_t n = 0;
    for (size_t i : by_server[best_server]) {
      if (n == best_count) break;
      if (cands[i].taken) continue;
      c.release(cands[i].job->owner);
      cands[i].taken = true;
      out.victims.push_back(cands[i].job->owner);
      ++n;
    }
    out.beneficiaries.push_back(w->id);
    if (auto p = c.best_fit_on(*w, best_server)) c.allocate(*w, *p);
  }
  return out;
}

}  // namespace vgpusim
