#pragma once
// EASY backfilling (Lifka, "The ANL/IBM SP scheduling system", JSSPP 1995; Mu'alem and
// Feitelson, IEEE TPDS 2001) on sliced GPUs. The first request that must wait (the head)
// gets a reservation: the earliest time at which it would fit if every running request
// ended when its estimate says (the shadow time). A later request may start now only if it
// does not push that start back: it is expected to end by the shadow time, or the head
// still fits somewhere at the shadow time with it in place. Slicing rules make "enough free
// GPUs" the wrong test (a free 20 GB of framebuffer on a GPU of 10C vGPUs cannot host a
// 20C), so the reservation keeps a copy of the cluster as it will be at the shadow time
// and asks the slicing rules. Engine-free.
#include <cstdint>
#include <optional>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"

namespace vgpusim {

/// A request holding resources now, and when it is expected to give them back
/// (infinity: not known, e.g. a service without an end).
struct RunningRequest {
  int64_t owner = 0;
  double expected_end = 0;
};

class HeadReservation {
 public:
  /// The reservation for `head` at time `now`, or nullopt when the head does not fit even
  /// once every running request has ended (a drained server, a board no server has): then
  /// nothing later can delay it and backfilling is unrestricted. Expected ends in the past
  /// (overrunning estimates) count as `now`.
  static std::optional<HeadReservation> make(const ClusterState& cluster, const Request& head,
                                             std::vector<RunningRequest> running, double now);

  double shadow_time() const { return shadow_; }

  /// Whether `r`, placed at `p` now and expected to end at `end`, leaves the head's
  /// start at the shadow time possible. An admitted request that outlives the shadow time
  /// is kept in the projection, so that the next candidate sees it.
  bool admit(const Request& r, const Placement& p, double end);

 private:
  HeadReservation(ClusterState at_shadow, Request head, double shadow);
  bool head_fits_on(int server) const;

  ClusterState at_shadow_;  // the cluster at the shadow time
  Request head_;
  double shadow_ = 0;
  std::vector<char> fits_;  // per server: the head fits there at the shadow time
  int fitting_servers_ = 0;
};

}  // namespace vgpusim
