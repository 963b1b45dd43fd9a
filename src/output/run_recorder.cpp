#include "vgpusim/output/run_recorder.hpp"

#include <fmt/format.h>

#include <cstdint>

#include <type_traits>

namespace vgpusim {
namespace {

template <class T>
std::string joined(const std::vector<T>& v) {
  std::string out;
  for (const T& x : v) {
    if (!out.empty()) out += ';';
    if constexpr (std::is_same_v<T, std::string>)
      out += x;
    else
      out += std::to_string(x);
  }
  return out;
}

}  // namespace

RunRecorder::RunRecorder(RunResult header) : r_(std::move(header)) {}

RunRecorder::JobRef RunRecorder::job_created(int64_t id, std::string workflow, double submit,
                                             int stages) {
  JobRecord j;
  j.id = id;
  j.workflow = std::move(workflow);
  j.submit = submit;
  j.stages = stages;
  r_.jobs.push_back(std::move(j));
  return r_.jobs.size() - 1;
}

void RunRecorder::job_arrived(JobRef j, double now) {
  r_.jobs[j].submit = now;
  r_.jobs[j].status = JobStatus::unfinished;
}

void RunRecorder::job_done(JobRef j, double now) {
  r_.jobs[j].status = JobStatus::done;
  r_.jobs[j].end = now;
  ++jobs_finished_;
}

void RunRecorder::job_failed(JobRef j, double now) {
  r_.jobs[j].status = JobStatus::failed;
  r_.jobs[j].end = now;
  ++jobs_finished_;
}

RunRecorder::StageRef RunRecorder::stage_submitted(JobRef j, std::string stage, std::string kind,
                                                   int attempt, double submit) {
  StageRecord s;
  s.job = r_.jobs[j].id;
  s.workflow = r_.jobs[j].workflow;
  s.stage = std::move(stage);
  s.kind = std::move(kind);
  s.attempt = attempt;
  s.reason = "still waiting when the run ended";
  s.submit = submit;
  r_.stages.push_back(std::move(s));
  stage_job_.push_back(j);
  interval_.push_back(SIZE_MAX);
  return r_.stages.size() - 1;
}

void RunRecorder::open_interval(StageRef s, double now, StagePlacement where) {
  StageRecord& rec = r_.stages[s];
  PlacementInterval iv;
  iv.stage = s;
  iv.vm = std::move(where.vm);
  iv.server = rec.server = std::move(where.server);
  iv.pool = rec.pool = std::move(where.pool);
  rec.gpu_count = static_cast<int>(where.gpus.size());
  iv.gpus = rec.gpus = joined(where.gpus);
  iv.slices = rec.slices = joined(where.slices);
  iv.from = now;
  interval_[s] = r_.placements.size();
  r_.placements.push_back(std::move(iv));
}

void RunRecorder::stage_placed(StageRef s, double now, StagePlacement where) {
  StageRecord& rec = r_.stages[s];
  rec.start = now;
  open_interval(s, now, std::move(where));
  rec.reason.clear();
  JobRecord& j = r_.jobs[stage_job_[s]];
  if (j.start < 0) j.start = now;
  j.queue_delay += now - rec.submit;
}

void RunRecorder::stage_phase(StageRef s, StagePhase phase, double seconds) {
  StageRecord& rec = r_.stages[s];
  switch (phase) {
    case StagePhase::pull:
      rec.pull_time += seconds;
      break;
    case StagePhase::read:
      rec.read_time += seconds;
      break;
    case StagePhase::compute:
      rec.compute_time += seconds;
      break;
    case StagePhase::checkpoint:
      rec.checkpoint_time += seconds;
      break;
    case StagePhase::write:
      rec.write_time += seconds;
      break;
  }
}

void RunRecorder::stage_work(StageRef s, double gpu_seconds) {
  r_.stages[s].gpu_seconds += gpu_seconds;
}

void RunRecorder::stage_done(StageRef s, double now) {
  r_.stages[s].end = now;
  r_.stages[s].status = StageStatus::done;
}

const std::string& RunRecorder::stage_rejected(StageRef s, Rejection why, std::string_view detail,
                                               double now) {
  StageRecord& rec = r_.stages[s];
  rec.status = StageStatus::rejected;
  ++r_.rejections[static_cast<int>(why)];
  switch (why) {
    case Rejection::by_policy:
    case Rejection::over_limit:
      rec.reason = detail;
      break;
    case Rejection::invalid_decision:
      ++r_.invalid_decisions;
      rec.reason = fmt::format("invalid decision by policy '{}': {}", r_.policy, detail);
      break;
    case Rejection::dropped_on_wait:
      rec.reason = "dropped: the policy found no placement (policy.on_wait: drop)";
      break;
    case Rejection::job_failed:
      rec.reason = fmt::format("job failed: {}", detail);
      return rec.reason;  // it never got a decision: no end time
    case Rejection::not_needed:
      rec.reason = "not needed: its service ended before it was placed";
      break;
  }
  rec.end = now;
  return rec.reason;
}

const std::string& RunRecorder::stage_interrupted(StageRef s, Interruption why,
                                                  std::string_view where, std::string_view detail,
                                                  double lost_work_s, int gpus, double now) {
  std::string text;
  switch (why) {
    case Interruption::drain:
      text = fmt::format(
          "drain of {}: not live-migrated ({}); restarted from its last checkpoint", where, detail);
      break;
    case Interruption::drain_on_arrival:
      text = fmt::format("drain: not live-migrated ({}); restarted from its last checkpoint",
                         detail);
      break;
    case Interruption::gpu_failed:
      text = fmt::format("GPU {} failed", where);
      break;
    case Interruption::server_failed:
      text = fmt::format("server {} failed", where);
      break;
    case Interruption::destination_failed:
      text = "its destination failed during the migration";
      break;
  }
  StageRecord& rec = r_.stages[s];
  rec.end = now;
  rec.status = StageStatus::interrupted;
  rec.reason =
      fmt::format("{} (lost {:.3f} s of work since its last checkpoint)", text, lost_work_s);
  ++r_.mobility.restarts;
  r_.mobility.lost_work_gpu_s += lost_work_s * static_cast<double>(std::max(1, gpus));
  return rec.reason;
}

void RunRecorder::stage_moved(StageRef s, double now, StagePlacement where) {
  if (interval_[s] != SIZE_MAX) {
    PlacementInterval& from = r_.placements[interval_[s]];
    from.to = now;
    from.migrated = true;
  }
  const size_t left = interval_[s];
  open_interval(s, now, std::move(where));
  moved_from_[s] = left;
}

void RunRecorder::cluster_event(double now, ClusterEventKind kind, std::string target) {
  r_.events.push_back({now, kind, std::move(target)});
}

void RunRecorder::power_off(double now, std::string server) {
  ++r_.mobility.power_offs;
  cluster_event(now, ClusterEventKind::power_off, std::move(server));
}

void RunRecorder::boot(double now, std::string server) {
  ++r_.mobility.boots;
  cluster_event(now, ClusterEventKind::boot, std::move(server));
}

void RunRecorder::set_licence(std::string model, double per_gpu_year, double per_gpu_hour,
                              double usd_per_gpu_hour) {
  r_.mobility.licence_model = std::move(model);
  r_.mobility.licence_per_gpu_year = per_gpu_year;
  r_.mobility.licence_per_gpu_hour = per_gpu_hour;
  r_.mobility.licence_usd_per_gpu_hour = usd_per_gpu_hour;
}

void RunRecorder::task_dropped(TaskDrop why) {
  ++r_.tasks.dropped;
  if (why == TaskDrop::rejected) ++r_.rejections[static_cast<int>(Rejection::by_policy)];
  if (why == TaskDrop::invalid_decision) {
    ++r_.tasks.invalid;
    ++r_.invalid_decisions;
    ++r_.rejections[static_cast<int>(Rejection::invalid_decision)];
  }
}

void RunRecorder::tasks_settled(int64_t arrived_milli, int64_t allocated_milli, int64_t waiting) {
  r_.tasks.waiting = waiting;
  r_.tasks.arrived_milli.push_back(arrived_milli);
  r_.tasks.allocated_milli.push_back(allocated_milli);
}

RunRecorder::ServiceRef RunRecorder::service_opened(ServiceRecord rec) {
  r_.services.push_back(std::move(rec));
  return r_.services.size() - 1;
}

void RunRecorder::service_started(ServiceRef v, double now, int instances, double speedup,
                                  std::string precision) {
  ServiceRecord& rec = r_.services[v];
  rec.start = now;
  rec.instances = instances;
  rec.speedup = speedup;
  rec.precision = std::move(precision);
}

void RunRecorder::batch_done(ServiceRef v, StageRef replica, std::span<const double> arrivals,
                             double batch_start, double now, double work_s) {
  ServiceRecord& rec = r_.services[v];
  for (double a : arrivals) {
    rec.latency.add(now - a);
    rec.wait_sum += batch_start - a;
  }
  rec.busy_gpu_seconds += work_s;
  StageRecord& sr = r_.stages[replica];
  sr.compute_time += now - batch_start;
  sr.gpu_seconds += work_s;
}

void RunRecorder::service_done(ServiceRef v, double now) {
  r_.services[v].end = now;
  r_.services[v].status = ServiceStatus::done;
}

void RunRecorder::migration_done(StageRef s, MigrationRecord m) {
  m.job = r_.stages[s].job;
  m.stage = r_.stages[s].stage;
  if (auto it = moved_from_.find(s); it != moved_from_.end()) {
    if (it->second != SIZE_MAX)
      r_.placements[it->second].migration = static_cast<int>(r_.migrations.size());
    moved_from_.erase(it);
  }
  r_.migrations.push_back(std::move(m));
}

bool RunRecorder::stuck(std::string cause, double now) {
  if (r_.stuck.stuck()) return false;
  r_.stuck.cause = std::move(cause);
  r_.stuck.at = now;
  return true;
}

void RunRecorder::stage_stuck(StageRef s, double since, std::string reason) {
  StageRecord& rec = r_.stages[s];
  rec.reason = "stuck: " + reason;
  r_.stuck.stages.push_back({rec.job, rec.workflow, rec.stage, since, std::move(reason)});
}

void RunRecorder::unfinished_stages_stuck() {
  for (const StageRecord& rec : r_.stages)
    if (rec.status == StageStatus::unfinished)
      r_.stuck.stages.push_back({rec.job, rec.workflow, rec.stage, rec.submit, rec.reason});
}

void RunRecorder::migration_refused(MoveRefusal why) {
  ++r_.mobility.refused;
  ++r_.mobility.refused_by_reason[why];
}

void RunRecorder::gpu_interval(size_t g, double dt, double allocated, double busy,
                               double fragmented) {
  GpuRecord& rec = r_.gpus[g];
  rec.allocated_time += allocated * dt;
  rec.busy_time += busy * dt;
  rec.fragmented_time += fragmented * dt;
}

void RunRecorder::timeline(TimelinePoint p) {
  auto& tl = r_.timeline;
  if (!tl.empty() && tl.back().time == p.time) {
    tl.back() = std::move(p);
    return;
  }
  if (!tl.empty() && tl.back().allocated_milli == p.allocated_milli &&
      tl.back().busy_gpus == p.busy_gpus && tl.back().queue_length == p.queue_length &&
      tl.back().running_stages == p.running_stages &&
      tl.back().pool_allocated_milli == p.pool_allocated_milli &&
      tl.back().pool_fragmented_milli == p.pool_fragmented_milli)
    return;
  tl.push_back(std::move(p));
}

void RunRecorder::gpu_energy(size_t g, double joules) {
  r_.gpus[g].energy_j = joules;
  r_.energy_j += joules;
}

void RunRecorder::server_energy(int pool, double joules) {
  r_.energy_j += joules;
  r_.pools[static_cast<size_t>(pool)].energy_j += joules;
}

RunResult RunRecorder::finish(double end_time, const std::vector<double>& price_per_hour,
                              double wall_seconds) {
  r_.end_time = end_time;
  for (const auto& g : r_.gpus)
    for (auto& p : r_.pools)
      if (p.name == g.pool) p.energy_j += g.energy_j;
  for (size_t i = 0; i < r_.pools.size(); ++i) {
    PoolRecord& p = r_.pools[i];
    p.gpu_hours = p.gpus * end_time / 3600.0;
    const double price = i < price_per_hour.size() ? price_per_hour[i] : -1;
    p.priced = price >= 0;
    p.cost = p.priced ? p.gpu_hours * price : 0;
  }
  // Intervals still open end with their stage attempt (or the run).
  for (PlacementInterval& iv : r_.placements)
    if (iv.to < 0) {
      const StageRecord& rec = r_.stages[iv.stage];
      iv.to = rec.end >= 0 ? rec.end : end_time;
    }
  close_decisions(end_time);
  r_.wall_seconds = wall_seconds;
  return std::move(r_);
}

}  // namespace vgpusim
