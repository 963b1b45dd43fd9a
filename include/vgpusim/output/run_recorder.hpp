#pragma once
// The one writer of a run's results (docs/architecture.md, "Recording a run"). The engine
// reports what happens as typed events (a stage submitted, placed, through a phase, done,
// rejected, interrupted, moved; a migration, a refusal, a batch served, ...) with statuses
// and reasons as enums; the recorder turns them into the records the report writers read
// (RunResult) and owns every counter derived from them. Nothing else writes a RunResult
// while a simulation runs. It is engine-free: the unit tests drive it directly.
//
// A record is final when its stage attempt or job ends; the recorder then folds it into the
// summary's totals and, once stream_to() named the output folder, writes its row to its
// table at once (run_streams.hpp) and lets the record go, unless asked to keep the records
// (trace.json is drawn from all of them at the end). So memory holds what is running or
// waiting, not what has run.
#include <filesystem>
#include <memory>
#include <optional>
#include <unordered_map>
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vgpusim/output/run_result.hpp"

namespace vgpusim {

/// A stage attempt's phases that take time (stages.csv pull_s .. write_s).
enum class StagePhase { pull, read, compute, checkpoint, write };

/// Where a stage attempt was placed.
struct StagePlacement {
  std::string server;
  std::string pool;
  std::vector<int> gpus;            // global GPU indices, one per slot
  std::vector<std::string> slices;  // vGPU type, MIG profile or "<milli>m", per slice
  std::string vm;                   // its VM's name (placements.csv, migrations.csv)
};

/// Why an imported task was dropped (packing runs).
enum class TaskDrop { no_placement, rejected, invalid_decision };

class RunRecorder {
 public:
  using JobRef = size_t;
  using StageRef = size_t;
  using ServiceRef = size_t;

  /// `header` carries the run's identity (scenario, seed, policy, queue, horizon); the
  /// policy's name also appears in the text of invalid-decision rejections.
  explicit RunRecorder(RunResult header = {});

  /// Writes stages.csv, jobs.csv, placements.csv and timeline.csv into `dir` (temporary
  /// files until write_run_outputs() renames them) as their rows become final; call it
  /// once the pools are added. `keep_records`: the records stay in the RunResult too (for
  /// trace.json); otherwise each goes once its row is written.
  void stream_to(const std::filesystem::path& dir, bool keep_records);

  // ---- the platform, before the run
  void add_pool(PoolRecord p) { r_.pools.push_back(std::move(p)); }
  void add_gpu(GpuRecord g) { r_.gpus.push_back(std::move(g)); }
  void set_total_gpus(int64_t n) { r_.total_gpus = n; }
  void set_price_per_kwh(double p) { r_.mobility.price_per_kwh = p; }
  /// The software licence: its model's name, list prices and USD per provisioned GPU-hour.
  void set_licence(std::string model, double per_gpu_year, double per_gpu_hour,
                   double usd_per_gpu_hour);

  // ---- jobs
  JobRef job_created(int64_t id, std::string workflow, double submit, int stages);
  void job_arrived(JobRef j, double now);
  void job_done(JobRef j, double now);
  void job_failed(JobRef j, double now);
  /// A replayed trace job: its virtual cluster and how it ended in the trace.
  void job_from_trace(JobRef j, std::string vc, std::string trace_status) {
    job(j).vc = std::move(vc);
    job(j).trace_status = std::move(trace_status);
  }
  /// Jobs done or failed so far (progress display).
  int64_t jobs_finished() const { return jobs_finished_; }
  int64_t jobs_created() const { return static_cast<int64_t>(next_job_); }  // records opened

  // ---- stage attempts
  StageRef stage_submitted(JobRef j, std::string stage, std::string kind, int attempt,
                           double submit);
  /// Placed: its first placement interval (placements.csv) begins.
  void stage_placed(StageRef s, double now, StagePlacement where);
  /// `seconds` more spent in `phase`.
  void stage_phase(StageRef s, StagePhase phase, double seconds);
  /// Whole-GPU seconds of work done (per GPU, summed over its GPUs).
  void stage_work(StageRef s, double gpu_seconds);
  void stage_done(StageRef s, double now);
  /// Refused for `why`; `detail` completes the reason (see Rejection). Returns the reason
  /// as written in stages.csv. A stage refused because its job failed never got a
  /// decision and keeps no end time.
  std::string stage_rejected(StageRef s, Rejection why, std::string_view detail,
                                    double now);
  /// Stopped for `why` on `where` (the server or GPU; drains: also the refusal `detail` of
  /// its migration), having lost `lost_work_s` seconds of compute on each of its `gpus`
  /// GPUs since its last checkpoint. Returns the reason as written in stages.csv.
  std::string stage_interrupted(StageRef s, Interruption why, std::string_view where,
                                       std::string_view detail, double lost_work_s, int gpus,
                                       double now);
  /// A preemptive queue discipline decided at `now` to stop attempt `s` on `server`
  /// (events.csv `preempted`); it checkpoints, then stage_preempted() ends it.
  void preemption_decided(StageRef s, const std::string& server, double now);
  /// Stopped by the preemptive queue discipline `discipline` once its checkpoint was
  /// written (`checkpoint_s` seconds; no work is lost): the attempt ends `interrupted` at
  /// `now`, when its GPUs are released, and the stage is re-queued with its remaining work.
  /// Returns the reason as written in stages.csv.
  std::string stage_preempted(StageRef s, std::string_view discipline, double checkpoint_s,
                              double now);
  /// A preempted stage's new attempt `s` was placed on `server` (events.csv `resumed`).
  void stage_resumed(StageRef s, const std::string& server, double now);
  /// Its VM migrated (the switch-over at `now`): its placement interval on the source ends
  /// and one on the destination begins; the stages.csv row shows where the stage ends.
  void stage_moved(StageRef s, double now, StagePlacement where);
  /// Stage attempts and jobs whose records are held (running, waiting, not arrived).
  size_t stages_held() const { return stages_.size(); }
  size_t jobs_held() const { return jobs_.size(); }

  // ---- scheduling decisions that have no stage
  /// A migration decision naming no running VM (the stage-level ones: stage_rejected).
  void decision_invalid() { ++r_.invalid_decisions; }

  // ---- imported task streams (packing runs)
  void tasks_capacity(int64_t milli) { r_.tasks.capacity_milli = milli; }
  void task_arrived() { ++r_.tasks.arrived; }
  void task_placed() { ++r_.tasks.placed; }
  void task_dropped(TaskDrop why);
  /// After each arrival: GPU milli arrived and allocated so far, tasks left waiting.
  void tasks_settled(int64_t arrived_milli, int64_t allocated_milli, int64_t waiting);

  // ---- services (serve stages)
  ServiceRef service_opened(ServiceRecord rec);
  void service_started(ServiceRef v, double now, int instances, double speedup,
                       std::string precision);
  void request_arrived(ServiceRef v) { ++r_.services[v].arrived; }
  void batch_started(ServiceRef v) { ++r_.services[v].batches; }
  /// A batch of `replica` (a stage attempt) done: requests that arrived at `arrivals`,
  /// started at `batch_start`, `work_s` whole-GPU seconds.
  void batch_done(ServiceRef v, StageRef replica, std::span<const double> arrivals,
                  double batch_start, double now, double work_s);
  void service_done(ServiceRef v, double now);
  void service_failed(ServiceRef v) { r_.services[v].status = ServiceStatus::failed; }

  // ---- LLM services (docs/serving.md; run_recorder_llm.cpp)
  /// Serving of `model` began on instances holding `kv_capacity_blocks` KV blocks in all;
  /// per-request targets (s, < 0: none) decide which requests are good.
  void llm_service_started(ServiceRef v, double now, int instances, std::string model,
                           int64_t kv_capacity_blocks, double slo_ttft, double slo_tpot,
                           double slo_latency);
  /// A request longer than max_model_len, refused.
  void llm_request_rejected(ServiceRef v) { ++r_.services[v].rejected; }
  /// A step (one or more merged iterations) of an instance of `replica` over `gpus` GPUs
  /// ran from `start` to `now`: `gpu_s` whole-GPU seconds per GPU.
  void llm_step_done(ServiceRef v, StageRef replica, int iterations, int gpus, double start,
                     double now, double gpu_s);
  struct LlmRequestTimes {
    double arrival = 0, first_token = 0, finish = 0;
    int64_t prompt = 0, output = 0;
  };
  void llm_request_done(ServiceRef v, const LlmRequestTimes& q);
  /// The replicas of a service changed while it served (scaling.csv).
  void service_scaled(ServiceRef v, ScaleEvent e);
  /// KV blocks in use reached `fraction` of the capacity.
  void llm_kv_level(ServiceRef v, double fraction);
  /// The KV occupancy series: (interval start, mean fraction in use), at the end.
  void llm_kv_series(ServiceRef v, std::vector<std::pair<double, double>> series);
  const ServiceRecord& service(ServiceRef v) const { return r_.services[v]; }

  // ---- mobility and power
  /// Its migration's record; the interval its last move closed points at it.
  void migration_done(StageRef s, MigrationRecord m);
  void migration_refused(MoveRefusal why);
  /// A drain, failure or restore of `target` (a server, or server/gpuN) (events.csv).
  void cluster_event(double now, ClusterEventKind kind, std::string target);
  void power_off(double now, std::string server);
  void boot(double now, std::string server);

  // ---- placement decisions (decisions.csv; run_recorder_decisions.cpp)
  /// Decisions are recorded for this run (outputs.decisions or --explain).
  void record_decisions() { r_.decisions_recorded = true; }
  /// An attempt to place stage attempt `s` at `now`, with `row`'s outcome, request,
  /// candidates and refusals; merged into the stage's previous row when that one got the
  /// same outcome for the same reasons.
  void placement_attempt(StageRef s, double now, DecisionRow row);

  // ---- stuck work (summary.json `stuck`, docs/outputs.md)
  /// Nothing could progress any more at `now`, because of `cause`; the first call counts.
  /// Returns false when the run was already found stuck.
  bool stuck(std::string cause, double now);
  /// Stage attempt `s`, waiting since `since`, was stuck; `reason` is its first refusal.
  void stage_stuck(StageRef s, double since, std::string reason);
  /// Every stage attempt still unfinished was stuck (a SimGrid deadlock), as its row says.
  void unfinished_stages_stuck();
  bool is_stuck() const { return r_.stuck.stuck(); }

  // ---- cluster accounting
  /// GPU `g` held `allocated`, `busy` and `fragmented` (fractions of the board) for `dt`.
  void gpu_interval(size_t g, double dt, double allocated, double busy, double fragmented);
  /// The cluster after a change; consecutive equal points are merged, and a point at the
  /// time of the previous one replaces it.
  void timeline(TimelinePoint p);

  // ---- end of run
  void gpu_energy(size_t g, double joules);
  void server_energy(int pool, double joules);
  /// Closes the run at `end_time` (pool GPU-hours and list-price cost from `price_per_hour`
  /// per pool, < 0: the board has no list price; open placement intervals end with their
  /// stage attempt) and hands the records over.
  RunResult finish(double end_time, const std::vector<double>& price_per_hour,
                   double wall_seconds);

 private:
  /// A stage attempt not yet final: its record, its job, its open placement interval.
  struct LiveStage {
    StageRecord rec;
    JobRef job = 0;
    bool placed = false;     // `open` is its current placement interval
    PlacementInterval open;  // row `open_index` of placements.csv
    size_t open_index = 0;
  };
  LiveStage& live(StageRef s) { return stages_.at(s); }
  JobRecord& job(JobRef j) { return jobs_.at(j); }
  void open_interval(StageRef s, double now, StagePlacement where);
  // An events.csv row about stage attempt `s` on `server` (target server/job-N/stage).
  void stage_event(StageRef s, ClusterEventKind kind, const std::string& server, double now);
  // The decisions rows of stage attempt `s`, which has ended (or the run has, at
  // `run_end`): each row's waiting time, and a `queued` row before its first attempt.
  void close_decisions(StageRef s, const StageRecord& rec, double run_end);
  // Records made final: folded into the totals, written, kept or let go.
  void end_interval(LiveStage& e);
  void end_stage(StageRef s, double run_end);
  void end_job(JobRef j);
  void end_point();

  RunResult r_;
  std::unordered_map<StageRef, LiveStage> stages_;
  std::unordered_map<JobRef, JobRecord> jobs_;
  StageRef next_stage_ = 0;
  JobRef next_job_ = 0;
  size_t next_interval_ = 0;
  std::optional<TimelinePoint> point_;     // the latest point: the next may replace it
  std::map<StageRef, size_t> moved_from_;  // a migration's switch-over done, its record not yet
  std::unordered_map<StageRef, std::vector<size_t>> decision_rows_;  // per live stage attempt
  RunTotals totals_;
  std::shared_ptr<RunStreams> streams_;  // none: every record is kept, nothing streamed
  bool keep_ = true;
  int64_t jobs_finished_ = 0;
};

}  // namespace vgpusim
