#pragma once
// Queue disciplines (SPEC 2.5): the order in which the controller offers waiting requests
// to the placement policy, and whether it may look past a request that must wait.
//
// Backfilling semantics (simple, non-reservation): with `backfill: false` the controller
// offers requests in order and stops at the first one the policy answers with Wait (the
// head blocks the queue, strict order). With `backfill: true` it keeps going: any later
// request that fits now starts, even if that delays the head (no reservation is made for
// the head, so a large request can starve under a steady stream of small ones; see
// docs/policies.md).
#include <functional>
#include <memory>
#include <vector>

#include "vgpusim/policy/policy.hpp"

namespace vgpusim {

class QueueDiscipline {
 public:
  explicit QueueDiscipline(bool backfill) : backfill_(backfill) {}
  virtual ~QueueDiscipline() = default;
  /// Sorts the waiting requests into the order they are offered (stable: equal keys keep
  /// their arrival order, then request id).
  virtual void order(std::vector<const Request*>& queue) const = 0;
  /// Whether requests behind one that must wait may still start.
  bool backfill() const { return backfill_; }

 private:
  bool backfill_;
};

struct QueueContext {
  PolicyParams params;  // "backfill": "true" / "false"
};

using QueueFactory = std::function<std::unique_ptr<QueueDiscipline>(const QueueContext&)>;
using QueueRegistry = Registry<QueueFactory>;

/// The process-wide registry with fifo, sjf and priority.
QueueRegistry& queue_registry();

}  // namespace vgpusim
