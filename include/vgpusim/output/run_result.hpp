#pragma once
// What a simulation hands to the report writers: plain records, no engine types.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vgpusim/output/decision_record.hpp"

#include "vgpusim/workload/latency_stats.hpp"

namespace vgpusim {

/// What became of a stage attempt (stages.csv `status`).
enum class StageStatus {
  unfinished,   // waiting or running when the run ended
  done,         // ran to its end
  rejected,     // refused (policy, invalid decision, drop on wait) or its job failed
  interrupted,  // stopped by a drain or failure; a new attempt restarts it
};
/// What became of a job (jobs.csv `status`).
enum class JobStatus { not_arrived, unfinished, done, failed };
/// What became of a serve stage's service (requests.csv `status`).
enum class ServiceStatus { unfinished, done, failed };

constexpr std::string_view to_string(StageStatus s) {
  constexpr std::string_view names[] = {"unfinished", "done", "rejected", "interrupted"};
  return names[static_cast<int>(s)];
}
constexpr std::string_view to_string(JobStatus s) {
  constexpr std::string_view names[] = {"not arrived", "unfinished", "done", "failed"};
  return names[static_cast<int>(s)];
}
constexpr std::string_view to_string(ServiceStatus s) {
  constexpr std::string_view names[] = {"unfinished", "done", "failed"};
  return names[static_cast<int>(s)];
}

/// Why a live migration was refused (summary.json `migration.refused_by_reason`, keyed by
/// to_string; docs/migration.md). The full text of each refusal goes to the log.
enum class MoveRefusal {
  already_migrating,
  being_stopped,
  not_computing,   // only stages in their compute phase move
  passthrough,     // passthrough GPUs carry no migratable vGPU
  shared_mode,     // milli-GPU shares carry no vGPU state
  same_server,     // the destination is the source
  no_such_server,  // a policy named a server that does not exist
  other_board,     // the destination's GPUs are another board
  slicing_rule,    // the destination breaks a slicing rule
  no_destination,  // no server can host it (drains)
  gang,            // a gang spans servers: it restarts from its checkpoint instead
};
constexpr std::string_view to_string(MoveRefusal r) {
  constexpr std::string_view names[] = {"already migrating",
                                        "being stopped",
                                        "its stage is not computing",
                                        "passthrough GPUs cannot be live-migrated",
                                        "milli-GPU shares carry no vGPU state",
                                        "destination is the source server",
                                        "no such server",
                                        "the destination has another GPU board",
                                        "the destination breaks a slicing rule",
                                        "no server can host it",
                                        "a gang spanning servers does not live-migrate"};
  return names[static_cast<int>(r)];
}

/// Why a stage attempt was refused (stages.csv `reason` starts with its text).
enum class Rejection {
  by_policy,         // the policy answered Reject; the detail is its reason
  invalid_decision,  // the policy's placement broke a slicing rule; the detail says which
  dropped_on_wait,   // policy.on_wait: drop, and the policy found no placement
  job_failed,        // another stage of its job was refused; the detail is why
  over_limit,        // a replayed trace job asks more than it may ever get; detail: what
  not_needed,        // a replica an LLM service asked for, still queued when it ended
};
inline constexpr int kRejections = 6;

/// Why a running stage attempt was stopped (it restarts from its last checkpoint).
enum class Interruption {
  drain,               // its server was drained and its VM could not move; detail: why
  drain_on_arrival,    // drained while its VM migrated there, and it could not move on
  gpu_failed,          // detail: the GPU
  server_failed,       // detail: the server
  destination_failed,  // its migration's destination failed meanwhile
  preempted,           // stopped by a preemptive queue discipline; detail: which
};

struct StageRecord {
  int64_t job = 0;
  std::string workflow;
  std::string stage;
  std::string kind;
  int attempt = 1;
  StageStatus status = StageStatus::unfinished;
  std::string reason;  // why rejected / interrupted / still waiting (RunRecorder writes it)
  std::string server;
  std::string pool;
  std::string gpus;    // "3;4" (global GPU indices)
  std::string slices;  // vGPU type, MIG profile or milli per GPU
  int gpu_count = 0;
  double submit = 0;  // became ready (its dependencies done)
  double start = -1;  // placed, VM created
  double end = -1;
  double pull_time = 0;        // waiting for the container image
  double read_time = 0;        // dataset read from storage
  double compute_time = 0;     // GPU / CPU compute, checkpoint pauses excluded
  double checkpoint_time = 0;  // writing checkpoints
  double write_time = 0;       // output written to storage
  double gpu_seconds = 0;      // work done, in whole-GPU seconds of its board
  double queue_delay() const { return start >= 0 ? start - submit : -1; }
};

struct JobRecord {
  int64_t id = 0;
  std::string workflow;
  JobStatus status = JobStatus::not_arrived;
  double submit = 0;
  double start = -1;  // first stage placed
  double end = -1;
  int stages = 0;
  double queue_delay = 0;  // sum over its stages of (start - ready)
  // Replayed trace jobs (docs/traces.md): its virtual cluster / queue, and how it ended
  // in the trace (completed | failed | killed); empty for other jobs.
  std::string vc;
  std::string trace_status;
  double jct() const { return end >= 0 ? end - submit : -1; }
};

/// The cluster state after each change (piecewise constant until the next point).
/// Per-pool timeline columns are kept for up to this many pools: past it (an imported
/// trace makes hundreds) they would dominate the run's time and the file's size.
inline constexpr size_t kMaxTimelinePools = 32;

struct TimelinePoint {
  double time = 0;
  int64_t allocated_milli = 0;  // sum over GPUs of the milli-GPU allocated
  double busy_gpus = 0;         // sum over GPUs of the fraction of compute in use
  int queue_length = 0;
  int running_stages = 0;
  // Fragmentation (docs/outputs.md): free milli-GPU the scenario's task types cannot use.
  double fragmented_milli = 0;
  std::vector<int64_t> pool_allocated_milli;  // per pool, RunResult::pools order
  std::vector<double> pool_fragmented_milli;
};

struct GpuRecord {
  int index = 0;
  std::string server;
  std::string pool;
  std::string model;
  std::string mode;
  double allocated_time = 0;   // integral of allocated milli / 1000 over time (GPU-seconds)
  double busy_time = 0;        // integral of compute in use (GPU-seconds)
  double fragmented_time = 0;  // integral of fragmented free milli / 1000 (GPU-seconds)
  int placements = 0;
  double energy_j = 0;
};

struct PoolRecord {
  std::string name;
  std::string model;
  int servers = 0;
  int gpus = 0;
  double energy_j = 0;
  double gpu_hours = 0;  // provisioned: gpus x makespan
  double cost = 0;       // list price per hour x provisioned GPU-hours
  bool priced = true;    // its board has a list price (a board added without one has not)
};

/// An imported task stream (packing runs): the totals after each arrival, for the
/// allocation-vs-arrived curve (allocation_curve.csv), and what became of the tasks.
struct TaskStreamRecord {
  int64_t capacity_milli = 0;                    // the cluster's GPUs x 1000
  std::vector<int64_t> arrived_milli;            // GPU milli submitted so far, after each arrival
  std::vector<int64_t> allocated_milli;          // GPU milli allocated, after each arrival
  int64_t arrived = 0, placed = 0, dropped = 0;  // dropped: waited (on_wait: drop) or rejected
  int64_t invalid = 0;                           // of the dropped: invalid placements
  int64_t waiting = 0;                           // still queued at the end (on_wait: queue)
};

/// A change in the replicas of an LLM service (scaling.csv, docs/serving.md "Autoscaling"):
/// the autoscaler asked for one (requested), one is serving after its image pull, weight
/// load and warm-up (ready), one was removed (retired: scaled down or replaced after a
/// drain), or its GPUs failed (lost), or one asked for and not yet here is no longer
/// wanted (withdrawn: dropped if still queued, else scaled down once it serves).
enum class ScaleEventKind { requested, ready, retired, lost, withdrawn };
constexpr std::string_view to_string(ScaleEventKind k) {
  constexpr std::string_view names[] = {"requested", "ready", "retired", "lost", "withdrawn"};
  return names[static_cast<int>(k)];
}
struct ScaleEvent {
  double time = 0;
  ScaleEventKind kind = ScaleEventKind::requested;
  int replica = 0;  // replica index ("serve[k]"); for requested, the index it will have
  int serving = 0;  // replicas serving after the event
  std::string reason;  // requested: the metric and its value; retired/lost: why
};

/// One serve stage of one job: its requests, latencies and SLO attainment (requests.csv).
struct ServiceRecord {
  int64_t job = 0;
  std::string workflow;
  std::string stage;
  ServiceStatus status = ServiceStatus::unfinished;
  std::string dispatch;               // shared_queue | jsq
  int replicas = 0;
  int instances = 0;      // model instances: one per GPU of every replica
  double start = -1;      // serving began (every replica ready)
  double end = -1;        // last request served
  double speedup = 1;     // from the optimize stage(s) before it
  std::string precision;  // of the optimized engine; empty when none
  int64_t arrived = 0;    // requests arrived
  int64_t batches = 0;
  double wait_sum = 0;          // sum over served requests of (batch start - arrival)
  double busy_gpu_seconds = 0;  // whole-GPU seconds of batch work
  LatencyStats latency;         // arrival to batch completion, served requests
  // SLO targets (s), < 0 when not given; latency's thresholds hold the given ones in
  // this order: p50, p95, p99.
  double slo_p50 = -1, slo_p95 = -1, slo_p99 = -1;
  // LLM serving (`model:`, docs/serving.md); `batches` then counts execs (steps of one or
  // more merged iterations).
  bool llm = false;
  std::string model;
  int64_t rejected = 0;        // requests longer than max_model_len (refused, as vLLM does)
  int64_t iterations = 0;      // batching iterations over all instances
  int64_t prompt_tokens = 0;   // of served requests
  int64_t output_tokens = 0;
  LatencyStats ttft;           // arrival to first token
  LatencyStats tpot;           // (finish - first token) / (output - 1), requests of >= 2 tokens
  int64_t good = 0;            // served requests meeting every per-request SLO below
  double slo_ttft = -1, slo_tpot = -1, slo_latency = -1;
  int64_t kv_capacity_blocks = 0;  // all instances
  double kv_peak = 0;              // highest fraction of KV blocks in use
  // Mean KV occupancy (fraction of blocks in use, all instances) per interval starting at
  // `first`: at most ~200 points per service.
  std::vector<std::pair<double, double>> kv_occupancy;
  std::vector<ScaleEvent> scaling;  // replicas added and removed while serving
  int replicas_peak = 0;            // most replicas serving at once
};

/// One live migration of a stage's VM (migrations.csv, docs/migration.md).
struct MigrationRecord {
  int64_t job = 0;
  std::string stage;
  std::string vm;
  std::string source, destination;
  std::string reason;  // drain | defrag | consolidate | ...
  double start = 0, end = 0;
  double downtime = 0;   // the VM and its stage stopped
  double ram_bytes = 0;  // sent by SimGrid's live-migration plugin (all rounds)
  double framebuffer_bytes = 0;
  int precopy_rounds = 0;  // the plugin's stage-2 rounds (dirty pages re-sent)
  double total() const { return end - start; }
};

/// One stretch of a stage attempt on one server and set of GPUs (placements.csv): from its
/// placement (or the switch-over of a migration) until it migrated away or ended. A stage
/// that never moved has one; the report's heat strip and trace.json are drawn from these.
struct PlacementInterval {
  size_t stage = 0;  // index into RunResult::stages (the attempt)
  std::string vm;    // the SimGrid VM's name, as in migrations.csv
  std::string server, pool;
  std::string gpus;    // global GPU indices, ';'-separated (gpus.csv `gpu`)
  std::string slices;  // per GPU: vGPU type, MIG profile or milli share
  double from = 0;
  double to = -1;         // < 0 while open; closed at the stage's end when the run ends
  bool migrated = false;  // ended by a migration; otherwise as its stage attempt ended
  int migration = -1;     // ended by migration: index into RunResult::migrations
};

/// Something that happened to the cluster (events.csv): a scenario event or power management.
/// preempted / resumed: a stage attempt stopped by a preemptive queue discipline, and the
/// attempt that resumed it (target: server/job-N/stage).
enum class ClusterEventKind { drain, fail, restore, power_off, boot, preempted, resumed };
constexpr std::string_view to_string(ClusterEventKind k) {
  constexpr std::string_view names[] = {"drain",     "fail",      "restore", "power_off",
                                        "boot",      "preempted", "resumed"};
  return names[static_cast<int>(k)];
}
struct ClusterEvent {
  double time = 0;
  ClusterEventKind kind = ClusterEventKind::drain;
  std::string target;  // server, or server/gpuN
};

/// What migrations, events and power management did (summary.json `migration`, `events`).
struct MobilityTotals {
  int64_t refused = 0;  // migrations refused by the rule checks
  std::map<MoveRefusal, int64_t> refused_by_reason;
  int64_t restarts = 0;        // stages restarted from a checkpoint
  double lost_work_gpu_s = 0;  // GPU-seconds redone after restarts
  int64_t power_offs = 0, boots = 0;
  // Preemptive queue disciplines (summary.json `preemption`).
  int64_t preempted = 0, resumed = 0;
  double preempt_checkpoint_s = 0;  // time spent writing the checkpoints of preemptions
  double price_per_kwh = 0;  // scenario energy.price_per_kwh
  // The software licence (scenario energy.licence): model name and its USD per GPU-hour.
  std::string licence_model = "none";
  double licence_per_gpu_year = 0, licence_per_gpu_hour = 0, licence_usd_per_gpu_hour = 0;
};

/// A replayed job trace (docs/traces.md): what was read and left out, and the VCs.
struct TraceReplayRecord {
  std::string format;  // empty: no trace replayed
  int64_t rows = 0, skipped_unfinished = 0, skipped_no_duration = 0, skipped_cpu_only = 0;
  std::vector<std::string> vcs;
  std::vector<int64_t> quota_milli;  // per VC; -1 unlimited
};

/// A stage that was still waiting when nothing could progress any more.
struct StuckStage {
  int64_t job = 0;
  std::string workflow;
  std::string stage;
  double waiting_since = 0;  // when it became ready (or was re-queued)
  std::string reason;        // the first refusal: why the lowest-index server cannot host it
};

/// Work that could never progress when the run ended (summary.json `stuck`; `vgpusim run`
/// exits 4): jobs unfinished with nothing running, no event to come and no server booting,
/// so no capacity would ever be freed; or a SimGrid deadlock.
struct StuckRecord {
  std::string cause;  // empty: nothing was stuck
  double at = 0;      // simulated time when it was found
  std::vector<StuckStage> stages;
  bool stuck() const { return !cause.empty(); }
};

/// What the command line changed on top of the scenario file (summary.json `overrides`),
/// so that a run can be reproduced from its output folder alone.
struct RunOverrides {
  std::vector<std::string> sets;     // --set key.path=value, in order
  std::optional<uint64_t> seed;      // --seed
  std::optional<std::string> policy; // --policy
  std::vector<std::string> plugins;  // --plugin
};

struct RunResult;
struct RunStreams;

/// Jobs of one group (a trace status, a virtual cluster): their count, and the values whose
/// statistics summary.json shows (exact percentiles rank every value, so the values stay).
struct JobGroupTotals {
  int64_t jobs = 0, done = 0;
  std::vector<double> queue_delay, jct;  // started / done jobs
  void add(const JobRecord& j);
};

/// What summary.json derives from every job, stage attempt and timeline point, folded in as
/// each record becomes final (RunRecorder), so that the records themselves need not stay in
/// memory once their rows are written (run_streams.hpp). Order-free: the statistics sort.
struct RunTotals {
  int64_t jobs_submitted = 0, jobs_done = 0, jobs_failed = 0, jobs_unfinished = 0;
  double first_submit = 1e300, last_end = 0;  // arrived jobs / done jobs
  std::vector<double> jct;                    // done jobs
  int64_t stages_done = 0, stages_rejected = 0;
  std::vector<double> queue_delay;  // placed stage attempts
  int64_t peak_allocated_milli = 0;
  double peak_fragmented_milli = 0;
  int64_t timeline_points = 0;
  // Replayed trace jobs (summary.json `trace`), by how they ended in the trace and by VC.
  int64_t replayed = 0;
  std::map<std::string, JobGroupTotals> by_trace_status, by_vc;

  void add(const JobRecord& j);
  void add(const StageRecord& s);
  void add(const TimelinePoint& p);
};

struct RunResult {
  std::string scenario;
  std::string scenario_file;  // as given on the command line
  RunOverrides overrides;
  uint64_t seed = 0;
  std::string policy;
  std::string queue;
  double end_time = 0;  // simulated time when the run ended
  double horizon = 0;
  int64_t total_gpus = 0;
  std::vector<JobRecord> jobs;
  std::vector<StageRecord> stages;
  std::vector<TimelinePoint> timeline;
  std::vector<GpuRecord> gpus;
  std::vector<PoolRecord> pools;
  std::vector<ServiceRecord> services;
  TaskStreamRecord tasks;
  TraceReplayRecord trace;
  double energy_j = 0;
  std::vector<MigrationRecord> migrations;
  std::vector<PlacementInterval> placements;  // in the order they began
  std::vector<ClusterEvent> events;           // in time order
  MobilityTotals mobility;
  int64_t invalid_decisions = 0;
  int64_t rejections[kRejections] = {};  // stage attempts refused, per Rejection
  StuckRecord stuck;
  bool decisions_recorded = false;  // outputs.decisions or --explain: decisions.csv is written
  std::vector<DecisionRow> decisions;  // by stage attempt, then time (decision_record.hpp)
  double wall_seconds = 0;  // not written to summary.json (not deterministic)
  // Folded from every record by the recorder; absent in results built by hand, whose
  // totals come from their records (totals_of).
  std::optional<RunTotals> totals;
  // Tables already written while the run went (rows of released records are in no vector
  // above); write_run_outputs() renames them into place.
  std::shared_ptr<RunStreams> streams;
};

/// r.totals, or the totals of r's records when the recorder did not fold them.
RunTotals totals_of(const RunResult& r);

}  // namespace vgpusim
