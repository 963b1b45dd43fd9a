// The run recorder's records of stages that stop short or move (docs/outputs.md): refused
// and interrupted stages (drain, failure, preemption), resumptions, migrations, and the
// stages of a stuck run.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "vgpusim/output/run_recorder.hpp"

namespace vgpusim {

std::string RunRecorder::stage_rejected(StageRef s, Rejection why, std::string_view detail,
                                        double now) {
  StageRecord& rec = live(s).rec;
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
      break;
    case Rejection::not_needed:
      rec.reason = "not needed: its service ended or scaled down before it was placed";
      break;
  }
  if (why != Rejection::job_failed) rec.end = now;  // refused for its job: no decision, no end
  else if (r_.decisions_recorded) close_decisions(s, rec, now);  // it waited until now
  std::string reason = rec.reason;
  end_stage(s, -1);
  return reason;
}

std::string RunRecorder::stage_interrupted(StageRef s, Interruption why,
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
    case Interruption::preempted:
      text = fmt::format("preempted by queue discipline '{}'", detail);
      break;
  }
  StageRecord& rec = live(s).rec;
  rec.end = now;
  rec.status = StageStatus::interrupted;
  rec.reason =
      fmt::format("{} (lost {:.3f} s of work since its last checkpoint)", text, lost_work_s);
  ++r_.mobility.restarts;
  r_.mobility.lost_work_gpu_s += lost_work_s * static_cast<double>(std::max(1, gpus));
  std::string reason = rec.reason;
  end_stage(s, -1);
  return reason;
}

void RunRecorder::stage_event(StageRef s, ClusterEventKind kind, const std::string& server,
                              double now) {
  const StageRecord& rec = live(s).rec;
  cluster_event(now, kind, fmt::format("{}/job-{}/{}", server, rec.job, rec.stage));
}

void RunRecorder::preemption_decided(StageRef s, const std::string& server, double now) {
  ++r_.mobility.preempted;
  stage_event(s, ClusterEventKind::preempted, server, now);
}

std::string RunRecorder::stage_preempted(StageRef s, std::string_view discipline,
                                         double checkpoint_s, double now) {
  StageRecord& rec = live(s).rec;
  rec.end = now;
  rec.status = StageStatus::interrupted;
  rec.reason = fmt::format(
      "preempted by queue discipline '{}' (checkpointed in {:.3f} s; re-queued with its "
      "remaining work)",
      discipline, checkpoint_s);
  r_.mobility.preempt_checkpoint_s += checkpoint_s;
  std::string reason = rec.reason;
  end_stage(s, -1);
  return reason;
}

void RunRecorder::stage_resumed(StageRef s, const std::string& server, double now) {
  ++r_.mobility.resumed;
  stage_event(s, ClusterEventKind::resumed, server, now);
}

void RunRecorder::stage_moved(StageRef s, double now, StagePlacement where) {
  LiveStage& e = live(s);
  size_t left = SIZE_MAX;
  if (e.placed) {
    e.open.to = now;
    e.open.migrated = true;
    left = e.open_index;
    end_interval(e);
  }
  open_interval(s, now, std::move(where));
  moved_from_[s] = left;
}

void RunRecorder::migration_done(StageRef s, MigrationRecord m) {
  m.job = live(s).rec.job;
  m.stage = live(s).rec.stage;
  if (auto it = moved_from_.find(s); it != moved_from_.end()) {
    if (it->second != SIZE_MAX && it->second < r_.placements.size())  // kept intervals only
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
  StageRecord& rec = live(s).rec;
  rec.reason = "stuck: " + reason;
  r_.stuck.stages.push_back({rec.job, rec.workflow, rec.stage, since, std::move(reason)});
}

void RunRecorder::unfinished_stages_stuck() {
  std::vector<StageRef> held;  // in row order
  for (const auto& [s, e] : stages_) held.push_back(s);
  std::sort(held.begin(), held.end());
  for (StageRef s : held) {
    const StageRecord& rec = stages_.at(s).rec;
    if (rec.status == StageStatus::unfinished)
      r_.stuck.stages.push_back({rec.job, rec.workflow, rec.stage, rec.submit, rec.reason});
  }
}

void RunRecorder::migration_refused(MoveRefusal why) {
  ++r_.mobility.refused;
  ++r_.mobility.refused_by_reason[why];
}

}  // namespace vgpusim
