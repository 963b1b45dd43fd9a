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

class QueueDiscipline {
 public:
  explicit QueueDiscipline(Backfill backfill) : backfill_(backfill) {}
  virtual ~QueueDiscipline() = default;
  /// Sorts the waiting requests into the order they are offered (stable: equal keys keep
  /// their arrival order, then request id).
  virtual void order(std::vector<const Request*>& queue) const = 0;
  /// Whether, and on what terms, requests behind one that must wait may still start.
  Backfill backfill() const { return backfill_; }

 private:
  Backfill backfill_;
};

struct QueueContext {
  PolicyParams params;  // "backfill": "none" / "easy" / "greedy" (or false / true = easy)
};

using QueueFactory = std::function<std::unique_ptr<QueueDiscipline>(const QueueContext&)>;
using QueueRegistry = Registry<QueueFactory>;

/// The process-wide registry with fifo, sjf and priority.
QueueRegistry& queue_registry();

}  // namespace vgpusim
