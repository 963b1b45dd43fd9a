#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "controller.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

bool Controller::nothing_can_progress() const {
  if (active_jobs_ == 0 || !st_.runs.empty()) return false;  // done, or a stage will end
  if (events_seen_ < st_.scenario.events.size()) return false;  // a restore may come
  // A booting server will accept work; the periodic ticks alone change nothing.
  return std::none_of(power_.begin(), power_.end(), [](Power p) { return p == Power::booting; });
}

std::string Controller::why_waiting(const Request& r) const {
  const int n = static_cast<int>(st_.cluster.servers().size());
  if (needs_gang(st_.cluster, r)) {
    int free = 0;  // units its servers could host now
    for (int s = 0; s < n; ++s) free += gang_units_on(st_.cluster, r, s);
    return fmt::format("a gang of {} GPUs over several servers (docs/training.md): {} of them "
                       "free now; placement policy '{}' found no servers for it",
                       r.gpu.gpus_needed(), free, st_.scenario.policy.placement);
  }
  std::string first;
  for (int s = 0; s < n; ++s) {
    std::string why;
    if (st_.cluster.best_fit_on(r, s, &why))
      return fmt::format("fits on {} but placement policy '{}' chose to wait",
                         st_.cluster.server(s).name, st_.scenario.policy.placement);
    if (first.empty()) first = why;
  }
  if (n == 1) return first;
  return fmt::format("no server of {} can host it; the first: {}", n, first);
}

void Controller::record_stuck(const std::string& cause) {
  if (!st_.recorder.stuck(cause, sg4::Engine::get_clock())) return;
  size_t n = 0;
  for (const auto& p : waiting_) {
    if (p->done) continue;
    st_.recorder.stage_stuck(p->record, p->request.submit_time, why_waiting(p->request));
    ++n;
  }
  spdlog::info("stuck at t={:.6g} s: {} ({} stage{} waiting)", sg4::Engine::get_clock(), cause, n,
               n == 1 ? "" : "s");
}

}  // namespace vgpusim::engine
