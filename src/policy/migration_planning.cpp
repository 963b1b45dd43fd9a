#include "migration_planning.hpp"

#include <algorithm>

namespace vgpusim::migration_planning {

std::map<int64_t, const Request*> placed_by_id(const ClusterView& view) {
  std::map<int64_t, const Request*> m;
  if (view.placed)
    for (const Request* r : *view.placed) m[r->id] = r;
  return m;
}

std::vector<const Request*> vms_on(const ClusterState& c, int s,
                                   const std::map<int64_t, const Request*>& placed) {
  std::map<int64_t, int> milli;
  for (int g : c.server(s).gpus)
    for (const Slice& sl : c.gpu(g).slices)
      if (placed.count(sl.owner)) milli[sl.owner] += sl.milli;
  std::vector<const Request*> v;
  for (const auto& [id, m] : milli) v.push_back(placed.at(id));
  std::stable_sort(v.begin(), v.end(),
                   [&](const Request* a, const Request* b) { return milli[a->id] < milli[b->id]; });
  return v;
}

std::optional<Placement> destination(const ClusterState& c, const Request& vm, int from_server,
                                     int avoid, const std::vector<char>& exclude) {
  const GpuModel* board = c.pools()[static_cast<size_t>(c.server(from_server).pool)].model;
  std::optional<Placement> best;
  int64_t best_used = -1;
  const int n = static_cast<int>(c.servers().size());
  for (int d = 0; d < n; ++d) {
    if (d == avoid || d == from_server ||
        (d < static_cast<int>(exclude.size()) && exclude[static_cast<size_t>(d)]))
      continue;
    if (vm.gpu.gpus_needed() > 0 && c.pools()[static_cast<size_t>(c.server(d).pool)].model != board)
      continue;
    auto p = c.best_fit_on(vm, d);
    if (!p) continue;
    int64_t used = 0;
    for (int g : c.server(d).gpus) used += c.gpu(g).allocated_milli();
    if (used > best_used) {  // the fullest server that fits: packs, leaves others empty
      best = std::move(p);
      best_used = used;
    }
  }
  return best;
}

bool fits_somewhere(const ClusterState& c, const Request& r) {
  const int n = static_cast<int>(c.servers().size());
  for (int s = 0; s < n; ++s)
    if (c.best_fit_on(r, s)) return true;
  return false;
}

}  // namespace vgpusim::migration_planning
