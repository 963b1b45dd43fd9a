#include "vgpusim/policy/backfill.hpp"

#include <algorithm>

namespace vgpusim {

HeadReservation::HeadReservation(ClusterState at_shadow, Request head, double shadow)
    : at_shadow_(std::move(at_shadow)), head_(std::move(head)), shadow_(shadow) {
  fits_.assign(at_shadow_.servers().size(), 0);
  for (size_t s = 0; s < fits_.size(); ++s)
    if (head_fits_on(static_cast<int>(s))) fits_[s] = 1, ++fitting_servers_;
}

bool HeadReservation::head_fits_on(int server) const {
  return at_shadow_.best_fit_on(head_, server).has_value();
}

std::optional<HeadReservation> HeadReservation::make(const ClusterState& cluster,
                                                     const Request& head,
                                                     std::vector<RunningRequest> running,
                                                     double now) {
  ClusterState c = cluster;
  for (int s = 0; s < static_cast<int>(c.servers().size()); ++s)
    if (c.best_fit_on(head, s)) return HeadReservation(std::move(c), head, now);
  std::stable_sort(running.begin(), running.end(), [](const auto& a, const auto& b) {
    return a.expected_end != b.expected_end ? a.expected_end < b.expected_end : a.owner < b.owner;
  });
  // Whether the head fits on a server depends on that server alone, so after each
  // release only the servers that lost a holder are asked again; requests expected to end
  // at the same time free their resources together.
  std::vector<int> touched;
  for (size_t i = 0; i < running.size(); ++i) {
    if (auto where = c.placement_of(running[i].owner)) touched.push_back(where->server);
    c.release(running[i].owner);
    if (i + 1 < running.size() && running[i + 1].expected_end == running[i].expected_end) continue;
    for (int s : touched)
      if (c.best_fit_on(head, s))
        return HeadReservation(std::move(c), head, std::max(now, running[i].expected_end));
    touched.clear();
  }
  return std::nullopt;
}

bool HeadReservation::admit(const Request& r, const Placement& p, double end) {
  if (end <= shadow_) return true;  // gone before the head starts
  if (!at_shadow_.check(r, p)) return false;
  at_shadow_.allocate(r, p);
  const size_t s = static_cast<size_t>(p.server);
  const bool still = head_fits_on(p.server);
  if (fits_[s] && !still && fitting_servers_ == 1) {  // it took the head's only place
    at_shadow_.release(r.id);
    return false;
  }
  if (fits_[s] && !still) fits_[s] = 0, --fitting_servers_;
  return true;
}

}  // namespace vgpusim
