#include "vgpusim/trace/packing_run.hpp"

#include <chrono>

namespace vgpusim {

PackingResult run_packing(ClusterState& cluster, const std::vector<Request>& stream,
                          PlacementPolicy& policy) {
  PackingResult out;
  const std::vector<const Request*> no_queue;
  int64_t arrived = 0;
  std::chrono::steady_clock::duration spent{};
  for (const Request& r : stream) {
    arrived += r.gpu.total_milli(cluster.catalog());
    ClusterView view{cluster, no_queue, r.submit_time};
    const auto t0 = std::chrono::steady_clock::now();
    Decision d = policy.place(r, view);
    spent += std::chrono::steady_clock::now() - t0;
    if (auto* p = std::get_if<PlaceDecision>(&d)) {
      if (cluster.check(r, p->placement)) {
        cluster.allocate(r, p->placement);
        ++out.placed;
      } else {
        ++out.invalid, ++out.dropped;
      }
    } else {
      ++out.dropped;
    }
    out.arrived.push_back(arrived);
    out.allocated.push_back(cluster.allocated_milli());
  }
  out.decide_seconds = std::chrono::duration<double>(spent).count();
  return out;
}

}  // namespace vgpusim
