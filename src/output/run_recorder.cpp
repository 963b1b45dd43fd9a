#include "vgpusim/output/run_recorder.hpp"

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "vgpusim/output/mobility_output.hpp"
#include "vgpusim/output/run_outputs.hpp"
#include "vgpusim/output/run_streams.hpp"

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

void RunRecorder::stream_to(const std::filesystem::path& dir, bool keep_records) {
  streams_ = std::make_shared<RunStreams>(dir, r_.pools);
  keep_ = keep_records;
}

template <class T>
static void keep_at(std::vector<T>& v, size_t i, T&& x) {
  if (v.size() <= i) v.resize(i + 1);
  v[i] = std::move(x);
}

void RunRecorder::end_interval(LiveStage& e) {
  if (streams_) streams_->placements.complete(e.open_index, placement_row(e.open, e.rec));
  if (keep_) keep_at(r_.placements, e.open_index, std::move(e.open));
  e.placed = false;
}

void RunRecorder::end_stage(StageRef s, double run_end) {
  auto it = stages_.find(s);
  LiveStage& e = it->second;
  if (e.placed) {  // its interval ends with it (or with the run)
    e.open.to = e.rec.end >= 0 ? e.rec.end : run_end;
    end_interval(e);
  }
  if (r_.decisions_recorded) close_decisions(s, e.rec, run_end);
  totals_.add(e.rec);
  if (streams_) streams_->stages.complete(s, stage_row(e.rec));
  if (keep_) keep_at(r_.stages, s, std::move(e.rec));
  stages_.erase(it);
}

void RunRecorder::end_job(JobRef j) {
  auto it = jobs_.find(j);
  totals_.add(it->second);
  if (streams_) streams_->jobs.complete(j, job_row(it->second));
  if (keep_) keep_at(r_.jobs, j, std::move(it->second));
  jobs_.erase(it);
}

void RunRecorder::end_point() {
  totals_.add(*point_);
  if (streams_)
    streams_->timeline.complete(streams_->timeline.open(),
                                timeline_row(*point_, r_.pools, r_.total_gpus));
  if (keep_) r_.timeline.push_back(std::move(*point_));
  point_.reset();
}

RunRecorder::JobRef RunRecorder::job_created(int64_t id, std::string workflow, double submit,
                                             int stages) {
  JobRecord j;
  j.id = id;
  j.workflow = std::move(workflow);
  j.submit = submit;
  j.stages = stages;
  const JobRef ref = next_job_++;
  jobs_.emplace(ref, std::move(j));
  if (streams_) streams_->jobs.open();
  return ref;
}

void RunRecorder::job_arrived(JobRef j, double now) {
  job(j).submit = now;
  job(j).status = JobStatus::unfinished;
}

void RunRecorder::job_done(JobRef j, double now) {
  job(j).status = JobStatus::done;
  job(j).end = now;
  ++jobs_finished_;
  end_job(j);
}

void RunRecorder::job_failed(JobRef j, double now) {
  job(j).status = JobStatus::failed;
  job(j).end = now;
  ++jobs_finished_;
  end_job(j);
}

RunRecorder::StageRef RunRecorder::stage_submitted(JobRef j, std::string stage, std::string kind,
                                                   int attempt, double submit) {
  LiveStage e;
  e.job = j;
  StageRecord& s = e.rec;
  s.job = job(j).id;
  s.workflow = job(j).workflow;
  s.stage = std::move(stage);
  s.kind = std::move(kind);
  s.attempt = attempt;
  s.reason = "still waiting when the run ended";
  s.submit = submit;
  const StageRef ref = next_stage_++;
  stages_.emplace(ref, std::move(e));
  if (streams_) streams_->stages.open();
  return ref;
}

void RunRecorder::open_interval(StageRef s, double now, StagePlacement where) {
  LiveStage& e = live(s);
  StageRecord& rec = e.rec;
  PlacementInterval& iv = e.open;
  iv = PlacementInterval{};
  iv.stage = s;
  iv.vm = std::move(where.vm);
  iv.server = rec.server = std::move(where.server);
  iv.pool = rec.pool = std::move(where.pool);
  rec.gpu_count = static_cast<int>(where.gpus.size());
  iv.gpus = rec.gpus = joined(where.gpus);
  iv.slices = rec.slices = joined(where.slices);
  iv.from = now;
  e.placed = true;
  e.open_index = next_interval_++;
  if (streams_) streams_->placements.open();
}

void RunRecorder::stage_placed(StageRef s, double now, StagePlacement where) {
  LiveStage& e = live(s);
  StageRecord& rec = e.rec;
  rec.start = now;
  open_interval(s, now, std::move(where));
  rec.reason.clear();
  JobRecord& j = job(e.job);
  if (j.start < 0) j.start = now;
  j.queue_delay += now - rec.submit;
}

void RunRecorder::stage_phase(StageRef s, StagePhase phase, double seconds) {
  StageRecord& rec = live(s).rec;
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
  live(s).rec.gpu_seconds += gpu_seconds;
}

void RunRecorder::stage_done(StageRef s, double now) {
  live(s).rec.end = now;
  live(s).rec.status = StageStatus::done;
  end_stage(s, -1);
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
  StageRecord& sr = live(replica).rec;
  sr.compute_time += now - batch_start;
  sr.gpu_seconds += work_s;
}

void RunRecorder::service_done(ServiceRef v, double now) {
  r_.services[v].end = now;
  r_.services[v].status = ServiceStatus::done;
}

void RunRecorder::gpu_interval(size_t g, double dt, double allocated, double busy,
                               double fragmented) {
  GpuRecord& rec = r_.gpus[g];
  rec.allocated_time += allocated * dt;
  rec.busy_time += busy * dt;
  rec.fragmented_time += fragmented * dt;
}

void RunRecorder::timeline(TimelinePoint p) {
  if (point_ && point_->time == p.time) {
    *point_ = std::move(p);
    return;
  }
  if (point_ && point_->allocated_milli == p.allocated_milli &&
      point_->busy_gpus == p.busy_gpus && point_->queue_length == p.queue_length &&
      point_->running_stages == p.running_stages &&
      point_->pool_allocated_milli == p.pool_allocated_milli &&
      point_->pool_fragmented_milli == p.pool_fragmented_milli)
    return;
  if (point_) end_point();
  point_ = std::move(p);
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
  // What is still held ends with the run, in row order; open intervals end with it too.
  std::vector<size_t> held;
  for (const auto& [s, e] : stages_) held.push_back(s);
  std::sort(held.begin(), held.end());
  for (StageRef s : held) end_stage(s, end_time);
  held.clear();
  for (const auto& [j, rec] : jobs_) held.push_back(j);
  std::sort(held.begin(), held.end());
  for (JobRef j : held) end_job(j);
  if (point_) end_point();
  sort_decisions(r_.decisions);
  r_.totals = std::move(totals_);
  r_.streams = streams_;
  r_.wall_seconds = wall_seconds;
  return std::move(r_);
}

}  // namespace vgpusim
