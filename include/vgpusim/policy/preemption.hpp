#pragma once
// Which running jobs a preemptive queue discipline (srtf, las) stops, and for whom. The
// controller hands in the waiting requests in the discipline's order and the running jobs
// with their progress (those that may be victims or are being stopped; others are ignored);
// this decides, on a read-only view of the cluster, and hands back the runs to preempt. The engine then checkpoints them, releases their GPUs and re-queues them with
// their remaining work (docs/policies.md, "Preemptive disciplines"). Engine-free.
#include <cstdint>
#include <span>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/policy/queue_discipline.hpp"

namespace vgpusim {

/// A job holding resources now, as a preemptive discipline sees it.
struct RunningJob {
  int64_t owner = 0;  // its ClusterState owner id (the run id)
  const Request* request = nullptr;
  double attained_gpu_s = 0;  // service attained so far, this attempt included
  double remaining_s = 0;     // run time left by its estimate
  double placed_at = 0;       // when this attempt started
  // false: it cannot be stopped now (writing its output, migrating). `stopping`: already
  // being stopped (its resources count as free for whoever waits).
  bool preemptible = true;
  bool stopping = false;
};

/// What to preempt: the runs to stop, and the waiting requests (ids) they make room for.
struct PreemptionChoice {
  std::vector<int64_t> victims;
  std::vector<int64_t> beneficiaries;
};

/// The runs to preempt so that waiting requests outranking them can start: `waiting` (in
/// the discipline's order, those that would be placed as soon as they fit: the head alone
/// unless backfilling is greedy) is scanned from the front, at most `window` of them,
/// until one no running job ranks below. For each
/// request that fits nowhere now (and is no gang: a gang never fits on one server), on
/// every server the running jobs of a strictly higher
/// rank are released in turn (highest rank first, then the most recently started) until
/// it fits; the server needing the fewest is chosen (then the one whose victims rank
/// highest, then the lowest index), and the request is counted there, so the next one sees
/// that room as taken. Victims are in the order chosen.
PreemptionChoice choose_preemptions(const ClusterState& cluster, const QueueDiscipline& queue,
                                    std::span<const Request* const> waiting,
                                    std::span<const RunningJob> running, int64_t window);

}  // namespace vgpusim
