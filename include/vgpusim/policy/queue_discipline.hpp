#pragma once
// Queue disciplines (SPEC 2.5): the order in which the controller offers waiting requests
// to the placement policy, and whether it may look past a request that must wait.
//
// Backfilling: with `none` the controller offers requests in order and stops at the first
// one the policy answers with Wait (the head blocks the queue, strict order). With `easy`
// it keeps going, but a later request starts only if it does not delay the head's
// reserved start (backfill.hpp). With `greedy` any later request that fits now starts,
// even if that delays the head (a large request can starve under a stream of small ones).
// See docs/policies.md.
#include <functional>
#include <memory>
#include <vector>

#include "vgpusim/policy/policy.hpp"

namespace vgpusim {

enum class Backfill { none, easy, greedy };

/// How many waiting requests behind the first that must wait are looked at per scheduling
/// pass when backfilling, as production batch schedulers bound their backfill pass
/// (Slurm's `bf_max_job_test`, default 500: slurm.conf(5), SchedulerParameters). It keeps
/// a pass's cost independent of the queue's depth.
inline constexpr int64_t kDefaultBackfillWindow = 500;

class QueueDiscipline {
 public:
  explicit QueueDiscipline(Backfill backfill, int64_t window = kDefaultBackfillWindow)
      : backfill_(backfill), window_(window) {}
  virtual ~QueueDiscipline() = default;
  /// Whether `a` is offered before `b`: a strict total order (every discipline breaks ties
  /// by submit time, then request id). The controller keeps its queue sorted by it.
  virtual bool before(const Request& a, const Request& b) const = 0;
  /// Sorts the waiting requests into the order they are offered.
  void order(std::vector<const Request*>& queue) const;
  /// Whether, and on what terms, requests behind one that must wait may still start.
  Backfill backfill() const { return backfill_; }
  /// With backfilling: how many requests behind the first that waits a pass looks at.
  int64_t window() const { return window_; }

 private:
  Backfill backfill_;
  int64_t window_;
};

struct QueueContext {
  // "backfill": "none" / "easy" / "greedy" (or false / true = easy); "backfill_window": N
  PolicyParams params;
};

using QueueFactory = std::function<std::unique_ptr<QueueDiscipline>(const QueueContext&)>;
using QueueRegistry = Registry<QueueFactory>;

/// The process-wide registry with fifo, sjf and priority.
QueueRegistry& queue_registry();

}  // namespace vgpusim
