#pragma once
// Serve stages (SPEC 2.3, docs/workflows.md). A serve stage of `replicas` replicas is
// `replicas` ordinary placements (one VM each, with its vGPUs); once every replica is
// placed and its image pulled, ONE long-lived ServiceActor serves the whole request
// stream: arrivals, queues, dynamic batching and dispatch are plain C++ bookkeeping inside
// it, and each batch is one SimGrid Exec on the instance's GPU host, so that a batch
// shares the GPU with whatever else runs there. When requests stop arriving and every
// queue has drained it tells the controller, which releases the replicas.
#include <cstdint>
#include <algorithm>
#include <deque>
#include <memory>
#include <random>
#include <simgrid/s4u.hpp>
#include <vector>

#include "engine_state.hpp"
#include "service_group.hpp"
#include "vgpusim/workload/serve_model.hpp"

namespace vgpusim::engine {

/// The bound (units/s) an exec of `run` on `gpu` gets now, -1 for none (max-min sharing);
/// sets *isolated for a MIG slice, whose bound never changes.
double batch_bound(const ClusterState& cluster, int gpu, int64_t run, bool* isolated);

/// Marks replica `run` busy or idle (GPU accounting, the share model) and has its server's
/// agent re-apply the shares of busy time-sliced neighbours unless `isolated`.
void set_replica_busy(EngineState& st, StageRun& run, bool busy, bool isolated);

/// Waits for the first of `activities` to end, or until the simulated time `wake` (+inf:
/// no timer); its index, or -1 when the timer fired first. The service actors' one wait.
ssize_t wait_any_until(const std::vector<simgrid::s4u::ActivityPtr>& activities, double wake);

/// A service's replica messages (its group's mailbox): one receive kept pending and waited on
/// beside the instances' execs, so both service actors share one loop step.
class ReplicaInbox {
 public:
  explicit ReplicaInbox(simgrid::s4u::Mailbox* mailbox)
      : mailbox_(mailbox), incoming_(mailbox->get_async<ServiceMsg>(&msg_)) {}
  ReplicaInbox(const ReplicaInbox&) = delete;  // the pending receive writes into msg_
  ReplicaInbox& operator=(const ReplicaInbox&) = delete;

  /// Waits for the first of `execs` to end, a message, or the simulated time `wake`, and sets
  /// `now`. The index in `execs` of the exec that ended, or -1 when the timer fired or a
  /// message came (handed to `on_message(msg, now)` first).
  template <class OnMessage>
  ssize_t wait(std::vector<simgrid::s4u::ActivityPtr>& execs, double wake, double& now,
               OnMessage&& on_message) {
    execs.push_back(incoming_);
    const ssize_t k = wait_any_until(execs, wake);
    execs.pop_back();
    if (k < 0) {
      now = std::max(simgrid::s4u::Engine::get_clock(), wake);
      return -1;
    }
    now = simgrid::s4u::Engine::get_clock();
    if (static_cast<size_t>(k) < execs.size()) return k;
    std::unique_ptr<ServiceMsg> m(msg_);
    incoming_ = mailbox_->get_async<ServiceMsg>(&msg_);
    on_message(*m, now);
    return -1;
  }
  /// At the service's end: a message already here is dropped (its replica is released with
  /// the others), else the receive is cancelled.
  void close() {
    if (incoming_->test())
      delete msg_;
    else
      incoming_->cancel();
  }

 private:
  simgrid::s4u::Mailbox* mailbox_;
  ServiceMsg* msg_ = nullptr;
  simgrid::s4u::CommPtr incoming_;
};

class ServiceActor {
 public:
  ServiceActor(EngineState& st, int64_t id);
  void operator()();

 private:
  struct Instance {  // one model instance: one GPU of one replica
    StageRun* run = nullptr;
    int gpu = 0;
    const GpuModel* board = nullptr;
    std::deque<double> queue;    // jsq: its own queue (arrival times)
    simgrid::s4u::ExecPtr exec;  // the batch in flight; null when idle
    std::vector<double> batch;   // arrival times of the requests in it
    double batch_start = 0;
    double work_s = 0;      // whole-GPU seconds of the batch
    bool isolated = false;  // a MIG slice: its bound never changes
    double bound = -1;      // of its batches, units/s; -1: max-min sharing
    bool leaving = false;   // takes no more batches (drained and replaced)
    bool gone = false;      // removed (lost, or left): never used again
  };

  double peek(size_t k);  // the k-th next arrival time, +inf when there is none
  double next_arrival();  // draws from the Poisson process or the trace
  void ingest(double now);
  void launch_ready(double now);
  bool launchable(const std::deque<double>& q, double now) const;
  void launch(size_t i, std::deque<double>& q);
  void complete(size_t i);
  double next_wake();
  void set_busy(StageRun* run, bool busy);
  bool serves(const Instance& in) const { return !in.leaving && !in.gone; }

  // Replicas while serving (service_replicas.cpp): a drained replica is replaced and
  // leaves once the replacement serves; a lost one's batches go back to the queue and a
  // replacement is asked for.
  void add_instances(StageRun* r);
  void on_message(const ServiceMsg& m, double now);
  void want_replica(double now, const std::string& why);
  void requeue(std::deque<double>& times, bool front);  // to the queue(s) of serving instances
  void leave(StageRun* r, double now);
  void lose(StageRun* r, double now, const std::string& where);
  void release_departed();
  int serving() const;

  EngineState& st_;
  int64_t id_;
  ServiceGroup& group_;
  ServeModel model_;
  double speedup_ = 1;
  std::string precision_;  // of the optimized engine; empty when none
  std::vector<Instance> inst_;
  std::deque<double> shared_;  // shared_queue: the one queue
  std::deque<size_t> free_;    // shared_queue: idle instances, longest idle first
  std::deque<double> ahead_;   // drawn arrivals not yet due
  std::mt19937_64 arrival_rng_, service_rng_;
  double start_ = 0, end_ = 0;  // arrivals in [start_, end_)
  double poisson_t_ = 0;
  size_t trace_next_ = 0;
  const std::vector<double>* trace_ = nullptr;
  bool exhausted_ = false;
  std::vector<int> busy_count_;          // per replica: batches in flight
  std::vector<StageRun*> idle_pending_;  // replicas whose batch completed, to mark idle
  int pending_ = 0;                      // replacements asked for, not yet here
  std::deque<StageRun*> drained_;        // to leave once a replacement serves
  std::vector<StageRun*> released_;      // handed back to the controller
};

}  // namespace vgpusim::engine
