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
#include <limits>
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

  // ---- preemptive disciplines (srtf, las; docs/policies.md "Preemption")
  // A preemptive discipline ranks every job, waiting or running, by a number (lower runs
  // first) that depends on its progress; a waiting request may stop running jobs of a
  // strictly higher rank to make room (preemption.hpp chooses which). Its `before` order
  // of waiting requests must agree with rank: a request before another never has a
  // higher rank, so a scan for preemptions may stop at the first that outranks nothing.
  virtual bool preemptive() const { return false; }
  /// The rank of a job that attained `attained_gpu_s` GPU-seconds of service and has
  /// `remaining_s` seconds of run time left by its estimate.
  virtual double rank(const Request& r, double attained_gpu_s, double remaining_s) const {
    (void)r, (void)attained_gpu_s, (void)remaining_s;
    return 0;
  }
  /// A running job holding `gpus` GPUs with `attained_gpu_s` of service so far: seconds of
  /// running until its rank changes (LAS: it crosses a queue threshold), infinity if never.
  /// The controller schedules again then, as the job may have become preemptible.
  /// Between the changes announced here a running job's rank must not grow (srtf's only
  /// shrinks as the job runs): the controller bounds running ranks by it to skip the
  /// search for victims when the first waiting request outranks none of them.
  virtual double rank_changes_in(double attained_gpu_s, double gpus) const {
    (void)attained_gpu_s, (void)gpus;
    return std::numeric_limits<double>::infinity();
  }
  /// Starvation guard: seconds a waiting request `r` (queued at r.submit_time) may wait
  /// before promote() raises it; infinity: never.
  virtual double promote_after(const Request& r) const {
    (void)r;
    return std::numeric_limits<double>::infinity();
  }
  /// Raises a starving request at `now` (its order keys change: the controller re-queues it).
  virtual void promote(Request& r, double now) const { (void)r, (void)now; }

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

/// The process-wide registry with fifo, sjf, priority, srtf and las.
QueueRegistry& queue_registry();

/// Every discipline's tie-break: submit time, then request id.
bool earlier(const Request& a, const Request& b);
/// sjf's and srtf's order: shorter estimate first, then earlier().
bool shorter_first(const Request& a, const Request& b);

/// The parameters every discipline takes (backfill, backfill_window) and how they are read
/// (std::invalid_argument on a bad value).
std::vector<ParamSpec> backfill_params();
Backfill backfill_of(const QueueContext& ctx);
int64_t window_of(const QueueContext& ctx);

/// The preemptive disciplines (preemptive_queues.cpp).
QueueRegistry::Entry srtf_entry();
QueueRegistry::Entry las_entry();

}  // namespace vgpusim
