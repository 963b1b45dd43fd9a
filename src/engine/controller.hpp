#pragma once
// The central controller actor: it takes job arrivals, keeps the waiting queue, asks the
// placement policy for decisions, checks them, creates the VMs and hands placed stages to
// the server agents; it releases resources when stages end and reports what happens to the run recorder.
#include <functional>
#include <map>
#include <memory>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine_state.hpp"
#include "migration.hpp"
#include "vgpusim/policy/backfill.hpp"
#include "vgpusim/policy/feasible_servers.hpp"
#include "vgpusim/policy/policy.hpp"
#include "vgpusim/policy/queue_discipline.hpp"

namespace vgpusim::engine {

class Controller {
 public:
  Controller(EngineState& st, std::unique_ptr<PlacementPolicy> policy,
             std::unique_ptr<QueueDiscipline> queue);
  void operator()();
  /// Report every placement attempt to the recorder (decisions.csv): of job `job` only
  /// (its id, --explain), or of every job when 0.
  void record_decisions(int64_t job) {
    decisions_ = true;
    decisions_job_ = job;
  }

 private:
  void on_arrival(int job);
  void on_stage_done(int64_t run_id);
  // Imported task streams (task_stream.cpp): single requests that hold what they get.
  void on_task(size_t index);
  bool offer_task(Request& r);  // true when settled: placed or dropped
  // A stage attempt that starts again: after a failure or drain (from its last checkpoint)
  // or a preemption (with the service it attained and what is left of its estimate).
  struct Restart {
    int attempt = 2;
    double resume_left = -1;  // compute left at its last checkpoint
    bool preempted = false;
    double attained_gpu_s = 0;
    double estimate_fraction = 1;  // of its estimate still to run
  };
  void submit_stage(int job, int stage, const Restart* restart = nullptr);
  // One PendingStage (replica `replica` of `service`, 0 for a stage that is no service;
  // `numbered`: its name carries the replica index); `restart`: a new attempt.
  void enqueue_stage(int job, int stage, int64_t service, int replica, bool numbered,
                     const Restart* restart);
  // Services (service_actor.hpp): replicas still queued when the service ends, or that its
  // autoscaler withdraws, are dropped; a replica scaled down or replaced is released.
  void cancel_replicas(int64_t service, int most);  // most < 0: all
  void on_replica_released(int64_t run_id);
  // A drain or failure reaches a replica of an LLM service: its actor is told.
  void tell_service(StageRun& r, ServiceMsg::Kind kind, const std::string& where);
  void schedule();
  // Whether a placement the policy chose may start now (EASY backfilling's test).
  using Gate = std::function<bool(const Request&, const Placement&)>;
  // Decide (the policy), check (the slicing rules), apply (allocate, hand the stage to
  // its server's agent). False when it waits.
  bool try_place(PendingStage& p, const Gate* gate);
  // A gang (wider than any server): the policy's place_gang, checked, applied on every part.
  bool try_place_gang(PendingStage& p, const Gate* gate);
  // Hands a placed stage (its resources allocated) to its server's agent. `gang`: every
  // part of a gang, empty for a stage on one server.
  void start_run(PendingStage& p, const Placement& pl, std::vector<Placement> gang);
  double estimate_of(int workflow, int stage) const;  // cached estimate_stage_runtime_s
  std::vector<RunningRequest> running_requests() const;
  void reject(PendingStage& p, Rejection why, const std::string& detail);
  void fail_job(int job, const std::string& reason);
  void record_timeline();
  Request make_request(int job, int stage) const;
  // Stuck work (controller_stuck.cpp): jobs left, but nothing running, no event to come and
  // no server booting, so nothing will ever free capacity for what waits.
  bool nothing_can_progress() const;
  void record_stuck(const std::string& cause);
  std::string why_waiting(const Request& r) const;
  // Placement decisions (controller_decisions.cpp): whether `p`'s attempts are recorded,
  // and the record of one (`chosen`: the policy's placement, when it gave one).
  bool records(const PendingStage& p) const {
    return decisions_ && (decisions_job_ == 0 || st_.jobs[static_cast<size_t>(p.job)].id == decisions_job_);
  }
  void note_attempt(const PendingStage& p, AttemptOutcome o, const Placement* chosen = nullptr);
  // Migrations, events, restarts and power management (controller_mobility.cpp).
  void start_mobility();
  void on_mobility(const CtrlMsg& m);
  void manage_power();
  void on_event(const EventSpec& e);
  void rebalance();
  // Why a run is being stopped (recorded when its agent has cancelled its activities).
  struct Abort {
    Interruption why;
    std::string where, detail;
  };
  void abort_run(StageRun& r, Abort why);
  void on_stage_aborted(int64_t run_id);
  // Preemptive queue disciplines (controller_preemption.cpp).
  std::unique_ptr<CtrlMsg> next_message();  // null: a wake-up time came first
  void promote_starving();                  // the starvation guard's re-queues
  void preempt_for_waiting();               // asks choose_preemptions, stops its victims
  double attained_gpu_s(const StageRun& r, double now) const;
  void note_placed(StageRun& r);            // wake-ups for its rank changes, its rank bound
  void set_rank_bound(StageRun& r, double rank);  // NaN: drops it from rank_bounds_
  void note_queued(const PendingStage& p);  // wake-up for its promotion
  void on_migration_done(int64_t run_id);
  void release_run(StageRun& r);
  // Empty when started, else why not (counted as a refusal).
  std::optional<Refusal> migrate(StageRun& r, const Placement* dst, const std::string& reason);
  bool server_idle(int s) const;
  void power_off(int s);
  void boot(int s);

  // Virtual-cluster quotas of a replayed trace (docs/traces.md).
  size_t vc_of(int job) const;
  // 0: within its VC's quota (or no quota); 1: over it for now; -1: over it for ever;
  // -2: wider than the whole cluster.
  int64_t quota_excess(const PendingStage& p) const;

  EngineState& st_;
  std::unique_ptr<PlacementPolicy> policy_;
  std::unique_ptr<QueueDiscipline> queue_;
  mutable std::vector<std::vector<double>> estimates_;  // [workflow][stage]
  // The waiting stages in the queue discipline's order (a request's order keys never
  // change while it waits).
  struct ByDiscipline {
    using is_transparent = void;
    const QueueDiscipline* queue;
    static const Request& req(const std::unique_ptr<PendingStage>& p) { return p->request; }
    static const Request& req(const PendingStage* p) { return p->request; }
    bool operator()(const auto& a, const auto& b) const {
      return queue->before(req(a), req(b));
    }
  };
  std::set<std::unique_ptr<PendingStage>, ByDiscipline> waiting_{ByDiscipline{queue_.get()}};
  std::vector<PendingStage*> settled_;  // leave waiting_ at the end of the pass
  FeasibleServers feasible_;            // servers where each request shape fits
  int64_t next_run_id_ = 1;
  int active_jobs_ = 0;
  int running_stages_ = 0;
  bool arrivals_done_ = false;
  std::vector<Request> waiting_tasks_;  // tasks that got Wait with on_wait: queue
  int64_t arrived_milli_ = 0;
  std::vector<int64_t> vc_used_milli_;  // per VC of the trace: GPU milli held now
  // controller_mobility.cpp
  enum class Power { on, off, booting };
  std::vector<Power> power_;
  std::vector<double> empty_since_;
  std::vector<char> drained_, failed_;
  std::map<int64_t, Abort> abort_reason_;
  bool power_managed_ = false;
  size_t events_seen_ = 0;  // scenario events delivered so far
  // controller_preemption.cpp: times to schedule again at (rank changes, promotions), the
  // promotions due (time, request id), the waiting stages by request id, the message
  // being received while a wake-up is pending.
  using TimeQueue = std::priority_queue<double, std::vector<double>, std::greater<>>;
  TimeQueue wakes_;
  std::priority_queue<std::pair<double, int64_t>, std::vector<std::pair<double, int64_t>>,
                      std::greater<>>
      promotions_;
  std::unordered_map<int64_t, PendingStage*> waiting_by_id_;
  // A stage's cost model, made once from its spec's parameters (making it per placement,
  // parsing them each time, was ~2 % of bench/bare_overhead.sh's runs). plan() is const.
  std::unordered_map<const StageSpec*, std::unique_ptr<StageCostModel>> cost_models_;
  // What lets a pass skip the search for victims (preempt_for_waiting): every run that may
  // be a victim counted under an upper bound of its rank (StageRun::rank_bound), and when
  // those bounds step up (a LAS job crossing a threshold; taken a hair early, so that the
  // bound never lags the rank computed at a pass). A waiting head that outranks no bound
  // outranks no running job, and choose_preemptions() would return nothing.
  std::set<std::pair<double, int64_t>> rank_bounds_;  // (bound, run id)
  struct RankStep {
    double at = 0;
    int64_t run = 0;
    double rank = 0;
    bool operator>(const RankStep& o) const { return at > o.at; }
  };
  std::priority_queue<RankStep, std::vector<RankStep>, std::greater<>> rank_steps_;
  // Runs being stopped for a preemption, and the requests they make room for: while any is
  // still checkpointing, only those requests may start, so that the room being freed is
  // not taken by others (the victims themselves, re-queued, among them).
  std::set<int64_t> preempting_, beneficiaries_;
  simgrid::s4u::CommPtr incoming_;
  CtrlMsg* incoming_msg_ = nullptr;
  bool decisions_ = false;    // record placement attempts (record_decisions)
  int64_t decisions_job_ = 0; // only this job's (0: all)
};

}  // namespace vgpusim::engine
