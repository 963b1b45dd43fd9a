#pragma once
// The servers where a request of a given shape (request_shape()) fits now, kept up to date
// from the cluster's change log (ClusterState::change_log): a query re-checks only the
// servers changed since the previous query for that shape; the first query for a shape
// checks every server. A decision then costs what changed since the last one, not a scan
// of the cluster (docs/performance.md). Engine-free; policies and the controller own one.
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"

namespace vgpusim {

class FeasibleServers {
 public:
  /// Servers (ascending) that admit `r` (fit::server_admits) and on which
  /// ClusterState::best_fit_on finds a placement for it.
  const std::set<int>& of(const ClusterState& c, const Request& r);
  /// The same with `r`'s request_shape() computed once by the caller.
  const std::set<int>& of(const ClusterState& c, const Request& r, const std::string& shape);

 private:
  struct Shape {
    size_t seen = 0;            // change-log entries already applied
    std::vector<char> fits;     // per server
    std::vector<uint64_t> mark; // per server: the query that last re-checked it
    std::set<int> servers;
  };
  void recheck(const ClusterState& c, const Request& r, Shape& sh, int s);

  std::unordered_map<std::string, Shape> shapes_;
  uint64_t log_id_ = 0;  // the ClusterState (change log) the shapes describe
  uint64_t query_ = 0;
};

/// Walks the change-log entries a per-shape index has not seen yet, calling `visit(s)`
/// once per changed server (or for every server when more changed than there are
/// servers). Returns the new `seen`.
template <typename Visit>
size_t catch_up(const ClusterState& c, size_t seen, std::vector<uint64_t>& mark, uint64_t query,
                Visit&& visit) {
  const std::vector<int>& log = c.change_log().servers();
  const size_t n = c.servers().size();
  if (log.size() - seen > n) {
    for (size_t s = 0; s < n; ++s) visit(static_cast<int>(s));
    return log.size();
  }
  for (size_t i = seen; i < log.size(); ++i) {
    const auto s = static_cast<size_t>(log[i]);
    if (mark[s] == query) continue;
    mark[s] = query;
    visit(log[i]);
  }
  return log.size();
}

}  // namespace vgpusim
