#include "vgpusim/policy/feasible_servers.hpp"

#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {

void FeasibleServers::recheck(const ClusterState& c, const Request& r, Shape& sh, int s) {
  const bool fits = fit::server_admits(c, r, s) && c.best_fit_on(r, s).has_value();
  char& was = sh.fits[static_cast<size_t>(s)];
  if (fits == static_cast<bool>(was)) return;
  was = fits;
  if (fits)
    sh.servers.insert(s);
  else
    sh.servers.erase(s);
}

const std::set<int>& FeasibleServers::of(const ClusterState& c, const Request& r) {
  return of(c, r, request_shape(r));
}

const std::set<int>& FeasibleServers::of(const ClusterState& c, const Request& r,
                                         const std::string& shape) {
  // Bounded: traces with many distinct shapes start afresh rather than grow.
  if (log_id_ != c.change_log().id() || shapes_.size() > 256) {
    shapes_.clear();
    log_id_ = c.change_log().id();
  }
  const size_t n = c.servers().size();
  auto [it, fresh] = shapes_.try_emplace(shape);
  Shape& sh = it->second;
  ++query_;
  if (fresh) {
    sh.fits.assign(n, 0);
    sh.mark.assign(n, 0);
    for (size_t s = 0; s < n; ++s) recheck(c, r, sh, static_cast<int>(s));
    sh.seen = c.change_log().servers().size();
    return sh.servers;
  }
  sh.seen = catch_up(c, sh.seen, sh.mark, query_, [&](int s) { recheck(c, r, sh, s); });
  return sh.servers;
}

}  // namespace vgpusim
