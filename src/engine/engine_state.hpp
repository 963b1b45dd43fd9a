#pragma once
// State shared by the engine's actors. SimGrid runs actors one at a time, so they read and
// write it without locks; only the controller changes the cluster occupancy.
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <simgrid/s4u.hpp>
#include <unordered_map>
#include <vector>

#include "fragmentation_tracker.hpp"
#include "gpu_rate_control.hpp"
#include "platform_builder.hpp"
#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/cluster/gang.hpp"
#include "vgpusim/output/run_recorder.hpp"
#include "vgpusim/scenario/scenario.hpp"
#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim::engine {

enum class Phase { init, pull, read, compute, checkpoint, write, done };

/// The data-parallel ring all-reduce of a run spanning servers (docs/training.md). Each
/// round of `per_round` iterations (fewer at a checkpoint or the end) runs as steps: the
/// forward pass, the backward pass with the overlapped part of the all-reduce, then the
/// exposed part; each all-reduce step is one SimGrid comm per ring hop (gang part k to part
/// k+1) carrying the round's bytes.
struct Ring {
  bool active = false;
  double compute_per_iteration = 0;  // whole-GPU seconds per GPU
  double hop_bytes = 0;              // per iteration and hop: 2 (n-1)/n x gradient bytes
  double overlap = 0;                // fraction of it sent during the backward pass
  int per_round = 1;
  enum class Step { forward, backward, exposed } step = Step::forward;
};

/// One placed attempt of one stage: its VM, its plan and its progress.
struct StageRun {
  int64_t id = 0;  // also the owner id of its slices in ClusterState
  int job = 0;     // index into EngineState::jobs
  int stage = 0;   // index into the workflow's stages
  int server = 0;
  Placement placement;
  // A gang (docs/training.md): every part, one per server; gang[0] is `placement` (owner
  // id `id`), gang[k] is owned by gang_part_owner(id, k). Empty for a run on one server.
  std::vector<Placement> gang;
  Ring ring;
  // A gang's pull phase: the servers whose copy of its image it still waits for (every
  // server of the gang needs the image; each pulls it into its own cache).
  int pulls_left = 0;
  simgrid::s4u::VirtualMachine* vm = nullptr;  // null until the model needs it (vm_of)
  StagePlan plan;
  Phase phase = Phase::init;
  double compute_left = 0;  // whole-GPU seconds per GPU (or CPU seconds) still to do
  double segment = 0;       // the compute segment in flight
  double phase_start = 0;
  double expected_end = 0;  // placement time + the request's run-time estimate (backfill)
  RunRecorder::StageRef record = 0;  // its row (EngineState::recorder)
  // Migration and failures (docs/migration.md). The agent of the server a run is on owns
  // its activities; a migration hands them over (detach / adopt messages).
  Request request;                // as placed (re-placed on migration)
  int agent = 0;                  // server agent that owns its activities
  double checkpointed_left = -1;  // compute_left at the last checkpoint
  double checkpoint_time = 0;     // when that checkpoint was written
  bool migrating = false;
  bool done_while_migrating = false;  // stage_done deferred to migration end
  bool aborting = false;              // abort sent to its agent
  // Preemption (preemption.hpp): stop once the checkpoint being written is durable.
  bool stop_after_checkpoint = false;
  double preempt_checkpoint_s = 0;  // how long the preemption checkpoint took
  double placed_at = 0;             // when this attempt was placed
  // Preemptive disciplines (controller_preemption.cpp): a rank this run will not exceed
  // until its next announced rank change, counted in Controller::rank_bounds_; NaN when it
  // is never a victim (a serve replica, a gang) or has released its resources.
  double rank_bound = std::numeric_limits<double>::quiet_NaN();
  double lost_work = 0;               // set by the agent on abort
  int transfer_server = -1;           // server its last transfer left from
  struct Handed {
    simgrid::s4u::ActivityPtr activity;
    int slot = -1;  // GPU exec: index in placement.slots
  };
  std::vector<Handed> handoff;  // activities between two agents
  int handoff_outstanding = 0;
  // Serve stages (service_actor.hpp): the group this replica belongs to, 0 for others.
  int64_t service = 0;
  int replica = -1;
  int attempt = 1;
};

struct JobState {
  int64_t id = 0;
  int workflow = 0;
  std::vector<int> deps_left;  // per stage: unfinished dependencies
  int stages_left = 0;
  // Its jobs.csv record, opened when it arrives (or, never arrived, when the run ends), so
  // that the jobs still to come cost the recorder nothing (docs/architecture.md).
  static constexpr RunRecorder::JobRef kNoRecord = SIZE_MAX;
  RunRecorder::JobRef record = kNoRecord;
  int trace = -1;  // a replayed trace job: index into Scenario::trace.jobs
  bool failed = false;
  // Per stage, what a finished optimize stage hands to the serve stages after it
  // (sized on first use; 1 / none for other stages).
  std::vector<double> speedup_out;
  std::vector<std::optional<Precision>> precision_out;
};

/// A serve stage: `replicas` placements that serve together once every one is placed and
/// its image pulled; one ServiceActor then drives them (service_actor.hpp). An LLM service
/// gets more replicas while it serves (autoscaling, replacements after a drain or failure)
/// and gives some back: they reach its actor through `mailbox` (ServiceMsg).
struct ServiceGroup {
  int job = 0;
  int stage = 0;
  int replicas = 1;  // placed when the stage starts
  std::vector<StageRun*> ready;  // replicas placed and ready, held until released
  bool started = false;
  bool done = false;  // every request served: the replicas are being released
  int live = 0;          // replicas submitted and not yet released (queued ones included)
  int next_replica = 0;  // index of the next replica submitted (controller)
  int asked = 0;         // index of the next replica its actor asks for (actor)
  std::vector<int> coming;  // replicas its actor asked for, not yet handed to it
  simgrid::s4u::Mailbox* mailbox = nullptr;  // LLM services: to their actor
  RunRecorder::ServiceRef record = 0;
};

/// To an LLM service's actor (llm_service_actor.hpp): a replica it asked for is ready
/// (placed, image pulled, weights loaded), or one of its replicas is drained or lost.
struct ServiceMsg {
  enum class Kind { added, drained, lost } kind;
  StageRun* run = nullptr;
  std::string where;  // drained / lost: the server or GPU
};

struct PendingStage {
  bool done = false;  // placed or rejected: leaves the queue after this pass
  Request request;
  std::string shape;  // request_shape(request), for FeasibleServers
  int job = 0;
  int stage = 0;
  RunRecorder::StageRef record = 0;
  double resume_left = -1;  // a restarted attempt: compute left at its last checkpoint
  int attempt = 1;
  bool resumed = false;  // re-queued by a preemption: reads its checkpoint back when placed
  int64_t service = 0;  // serve replicas: their ServiceGroup, and which replica
  int replica = -1;
};

struct CtrlMsg {
  enum class Kind {
    arrival,
    arrivals_done,
    stage_done,
    task,
    event,           // value: index into Scenario::events
    tick,            // rebalance period (migrating policies, power management)
    migration_done,  // value: run id
    stage_aborted,   // value: run id; its agent cancelled its activities
    booted,          // value: server index, powered on and booted
    service_done,     // value: ServiceGroup id; every request served
    replica_wanted,   // value: ServiceGroup id; its autoscaler asks for one more replica
    replica_released,  // value: run id; an LLM service gives a replica back
    replica_unwanted   // value: ServiceGroup id; drop one of its replicas still queued
  } kind;
  int64_t value = 0;  // job index to create / run id done / task index
};

/// The GPU units a run holds on all its servers.
inline int gpu_units(const StageRun& r) {
  if (r.gang.empty()) return static_cast<int>(r.placement.slots.size());
  int n = 0;
  for (const Placement& p : r.gang) n += static_cast<int>(p.slots.size());
  return n;
}
/// Sets up `r.ring` from its plan and gang (gang_agent.cpp): active when the run spans
/// servers and its plan has iterations and gradient bytes.
void setup_ring(StageRun& r);
struct EngineState;
/// The bandwidth of each hop of a gang's ring on its reference placement (the slowest NIC
/// of its servers, idle); replayed jobs calibrate their iterations on it (docs/traces.md).
double ring_reference_bandwidth(const EngineState& st, const StageRun& r);
/// Whether run `r` holds anything on server `s` / GPU `g`.
bool on_server(const StageRun& r, int s);
bool uses_gpu(const StageRun& r, int g);

struct AgentMsg {
  // reapply: the resident slices of `gpus` changed (a release); re-apply their shares.
  // abort: cancel the run's activities (failure, drain of what cannot move).
  // detach / adopt: a migration hands the run's activities to the destination's agent.
  // preempt: checkpoint the run's progress, then stop it (preemptive queue disciplines).
  // Gangs (gang_agent.cpp): part_compute asks the agent of a part's server to run `work`
  // on its `gpus` for slice owner `owner`; it answers part_done to the run's agent when
  // they are done. part_cancel: cancel them (the run is aborted). part_pull asks a part's
  // agent for the run's image on its server; it answers part_pulled once it is there.
  enum class Kind {
    start, stop, reapply, abort, preempt, detach, adopt, part_compute, part_done, part_cancel,
    part_pull, part_pulled
  } kind;
  StageRun* run = nullptr;
  std::vector<int> gpus;
  int64_t run_id = 0;  // gang messages name the run by id: it may be gone on arrival
  int64_t owner = 0;
  double work = 0;
};

struct EngineState {
  const Scenario& scenario;
  Platform platform;
  ClusterState cluster;
  GpuRateControl rates{cluster, platform};  // the execs on each GPU and their bounds
  RunRecorder recorder;  // every result of the run goes through it
  std::vector<JobState> jobs;
  std::unordered_map<int64_t, std::unique_ptr<StageRun>> runs;
  std::map<int64_t, ServiceGroup> services;  // serve stages, by id
  simgrid::s4u::Mailbox* controller_mailbox = nullptr;
  std::vector<simgrid::s4u::Mailbox*> agent_mailboxes;

  // Demands name vGPU types the scenario's catalog may have added.
  EngineState(const Scenario& s, RunResult header) : scenario(s), recorder(std::move(header)) {
    cluster.set_catalog(&s.catalog);
  }
  const WorkflowSpec& workflow_of(const JobState& j) const {
    return scenario.workflows[static_cast<size_t>(j.workflow)];
  }

  /// Opens job `j`'s record (jobs.csv row), submitted at `submit`. Jobs are opened in
  /// their id order (arrivals come in that order), which is the table's row order.
  void record_job(JobState& j, double submit);

  /// Where run `r` is now, as the recorder's placement (server, pool, GPUs, slices, VM).
  StagePlacement where(const StageRun& r) const;
  /// The run's SimGrid VM (its vCPUs and RAM), created on its server the first time the
  /// model needs one: a stage computing on guest vCPUs, or a VM about to migrate (the
  /// live-migration plugin moves its RAM). A VM running no exec loads its server with
  /// nothing, so a GPU stage that never migrates needs none; not creating it keeps
  /// SimGrid's VM model, which visits every live VM at every event, from growing with
  /// the stages running (docs/performance.md).
  simgrid::s4u::VirtualMachine* vm_of(StageRun& r);
  /// A stage's vCPUs: its spec's, or for a replayed trace job what the trace asked.
  int vcpus_of(int job, int stage, const Request& r) const;
  /// Marks a run's slices busy or idle and updates the GPU accounting.
  void set_busy(const StageRun& r, bool busy);
  /// Re-reads the GPUs of GPU `g`'s server from the cluster state after a change,
  /// integrating their allocation, use and fragmentation since the previous change
  /// (gpus.csv, summary utilisation). The whole server: its free CPU and memory decide
  /// which of its GPUs are fragments.
  void touch_gpu(int g) { touch_server(cluster.gpu(g).server); }
  void touch_gpus(const Placement& p) {
    if (p.server >= 0) touch_server(p.server);
  }
  /// `occupancy_changed` false: only busy flags changed, which leaves fragmentation as it was.
  void touch_server(int s, bool occupancy_changed = true);
  /// Builds the fragmentation task types from the jobs; call once, before any placement.
  void init_fragmentation();
  /// Sum over GPUs of the fraction of compute in use now.
  double busy_gpus() const { return busy_total_; }
  /// Milli-GPU allocated in pool `p` now.
  int64_t pool_allocated_milli(int p) const {
    return static_cast<size_t>(p) < pool_allocated_.size() ? pool_allocated_[static_cast<size_t>(p)]
                                                           : 0;
  }
  FragmentationTracker fragmentation;
  /// Integrates every GPU up to now (end of run).
  void close_accounting();

 private:
  struct GpuAccount {
    double since = 0;
    double allocated = 0;   // fraction of the board allocated
    double busy = 0;        // fraction of the board computing
    double fragmented = 0;  // fraction of the board free but fragmented
  };
  std::vector<GpuAccount> accounts_;
  std::vector<int64_t> pool_allocated_;
  double busy_total_ = 0;
  GpuShares shares_;  // touch_server's scratch
};

}  // namespace vgpusim::engine
