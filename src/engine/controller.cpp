#include "controller.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "service_actor.hpp"
#include "vgpusim/policy/backfill.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

Controller::Controller(EngineState& st, std::unique_ptr<PlacementPolicy> policy,
                       std::unique_ptr<QueueDiscipline> queue)
    : st_(st),
      policy_(std::move(policy)),
      queue_(std::move(queue)),
      vc_used_milli_(st.scenario.trace.vcs.size(), 0) {}

size_t Controller::vc_of(int job) const {
  const int t = st_.jobs[static_cast<size_t>(job)].trace;
  return static_cast<size_t>(st_.scenario.trace.vc_of[static_cast<size_t>(t)]);
}

int64_t Controller::quota_excess(const PendingStage& p) const {
  if (st_.jobs[static_cast<size_t>(p.job)].trace < 0) return 0;
  const size_t vc = vc_of(p.job);
  const int64_t quota = st_.scenario.trace.quota_milli[vc];
  const int64_t asked = p.request.gpu.total_milli(st_.cluster.catalog());
  // Wider than a server is a gang (docs/training.md); wider than the cluster, never.
  if (p.request.gpu.gpus_needed() > st_.cluster.total_gpus()) return -2;
  if (quota < 0 || vc_used_milli_[vc] + asked <= quota) return 0;
  return asked > quota ? -1 : 1;
}

void Controller::operator()() {
  start_mobility();
  record_timeline();
  for (;;) {
    std::unique_ptr<CtrlMsg> m = next_message();
    switch (m ? m->kind : CtrlMsg::Kind::tick) {
      case CtrlMsg::Kind::arrival:
        on_arrival(static_cast<int>(m->value));
        break;
      case CtrlMsg::Kind::arrivals_done:
        arrivals_done_ = true;
        break;
      case CtrlMsg::Kind::stage_done:
        on_stage_done(m->value);
        break;
      case CtrlMsg::Kind::task:
        on_task(static_cast<size_t>(m->value));
        break;
      case CtrlMsg::Kind::service_done:  // release every replica (service_actor.hpp)
        cancel_replicas(m->value, -1);
        for (int64_t id : service_replicas(st_, m->value)) on_stage_done(id);
        break;
      case CtrlMsg::Kind::replica_wanted: {
        ServiceGroup& g = st_.services.at(m->value);
        if (g.done) break;
        ++g.live;
        enqueue_stage(g.job, g.stage, m->value, g.next_replica++, true, nullptr);
        break;
      }
      case CtrlMsg::Kind::replica_released:
        on_replica_released(m->value);
        break;
      case CtrlMsg::Kind::replica_unwanted:
        cancel_replicas(m->value, 1);
        break;
      default:
        if (m) on_mobility(*m);
        break;  // events, migrations, power (controller_mobility.cpp); null: a wake-up
    }
    schedule();
    manage_power();
    record_timeline();
    if (arrivals_done_ && active_jobs_ == 0) break;
    if (arrivals_done_ && nothing_can_progress()) {
      record_stuck("nothing running, no event to come: no capacity will be freed");
      break;
    }
  }
  for (auto* mb : st_.agent_mailboxes)
    mb->put_init(new AgentMsg{AgentMsg::Kind::stop, nullptr, {}}, 0)->detach();
}

void Controller::on_arrival(int job) {
  JobState& j = st_.jobs[static_cast<size_t>(job)];
  const WorkflowSpec& wf = st_.workflow_of(j);
  ++active_jobs_;
  j.stages_left = static_cast<int>(wf.stages.size());
  j.deps_left.clear();
  for (const auto& s : wf.stages) j.deps_left.push_back(static_cast<int>(s.after_index.size()));
  st_.record_job(j, sg4::Engine::get_clock());
  st_.recorder.job_arrived(j.record, sg4::Engine::get_clock());
  spdlog::debug("job {} ({}) arrives", j.id, wf.name);
  for (size_t s = 0; s < wf.stages.size(); ++s)
    if (j.deps_left[s] == 0) submit_stage(job, static_cast<int>(s));
}

void Controller::submit_stage(int job, int stage, const Restart* restart) {
  const JobState& j = st_.jobs[static_cast<size_t>(job)];
  const WorkflowSpec& wf = st_.workflow_of(j);
  const StageSpec& sp = wf.stages[static_cast<size_t>(stage)];
  // A serve stage is `replicas` placements, "serve[0]", "serve[1]", ... (service_actor.hpp).
  const int64_t service = open_service(st_, job, stage);
  const int copies = service ? sp.replicas : 1;
  for (int k = 0; k < copies; ++k)
    enqueue_stage(job, stage, service, k, copies > 1 || sp.autoscale, restart);
}

void Controller::enqueue_stage(int job, int stage, int64_t service, int replica, bool numbered,
                               const Restart* restart) {
  const int attempt = restart ? restart->attempt : 1;
  const JobState& j = st_.jobs[static_cast<size_t>(job)];
  const StageSpec& sp = st_.workflow_of(j).stages[static_cast<size_t>(stage)];
  auto p = std::make_unique<PendingStage>();
  p->request = make_request(job, stage);
  p->shape = request_shape(p->request);
  p->job = job;
  p->stage = stage;
  p->service = service;
  p->replica = replica;
  p->attempt = attempt;
  if (restart) {
    p->resume_left = restart->resume_left;
    p->resumed = restart->preempted;
    p->request.attained_gpu_s = restart->attained_gpu_s;
    p->request.estimated_runtime_s *= restart->estimate_fraction;
  }
  if (numbered) p->request.label += fmt::format("[{}]", replica);
  ++next_run_id_;
  p->record = st_.recorder.stage_submitted(
      j.record, numbered ? fmt::format("{}[{}]", sp.name, replica) : sp.name, sp.kind, attempt,
      p->request.submit_time);
  if (queue_->preemptive()) note_queued(*p);
  waiting_.insert(std::move(p));
}

void Controller::cancel_replicas(int64_t service, int most) {
  // Replicas the service asked for and that still wait for a place are not needed any more
  // (the newest first).
  const double now = sg4::Engine::get_clock();
  std::vector<PendingStage*> queued;
  for (auto& w : waiting_)
    if (w->service == service && !w->done) queued.push_back(w.get());
  std::sort(queued.begin(), queued.end(),
            [](const PendingStage* a, const PendingStage* b) { return a->replica > b->replica; });
  if (most >= 0 && queued.size() > static_cast<size_t>(most)) queued.resize(static_cast<size_t>(most));
  for (PendingStage* w : queued) {
    w->done = true;
    settled_.push_back(w);
    st_.recorder.stage_rejected(w->record, Rejection::not_needed, "", now);
    --st_.services.at(service).live;
  }
  for (PendingStage* p : settled_) {
    waiting_by_id_.erase(p->request.id);
    if (auto it = waiting_.find(p); it != waiting_.end()) waiting_.erase(it);
  }
  settled_.clear();
}

void Controller::on_replica_released(int64_t run_id) {
  // A replica an LLM service scaled down or replaced: released, its stage goes on.
  auto it = st_.runs.find(run_id);
  StageRun& r = *it->second;
  st_.recorder.stage_done(r.record, sg4::Engine::get_clock());
  release_run(r);
  release_replica(st_, r);  // never the last: the service still serves
  st_.runs.erase(it);
}

void Controller::schedule() {
  if (waiting_.empty()) return;
  if (queue_->preemptive()) {
    promote_starving();
    if (preempting_.empty()) beneficiaries_.clear();
  }
  const Backfill backfill = queue_->backfill();
  const double now = sg4::Engine::get_clock();
  const Request* head = nullptr;  // the first request that had to wait
  // EASY: the head's reservation, made when a later request first gets a placement (the
  // cluster is then as the head saw it) and kept up to date by admit().
  std::optional<HeadReservation> reservation;
  bool reserved = false;
  Gate easy = [&](const Request& r, const Placement& pl) {
    if (!reserved) {
      reservation = HeadReservation::make(st_.cluster, *head, running_requests(), now);
      reserved = true;
      if (reservation)
        spdlog::debug("{} waits; reserved for t={:.6g}", head->label, reservation->shadow_time());
    }
    return !reservation || reservation->admit(r, pl, now + r.estimated_runtime_s);
  };
  // The queue is kept in the discipline's order (waiting_ is sorted by it), so a pass
  // visits requests from the first and stops at the first that must wait (no backfill) or
  // `window` requests after it (backfill): its cost does not grow with the queue's depth.
  int64_t behind_head = 0;
  for (const auto& entry : waiting_) {
    PendingStage* p = entry.get();
    if (p->done) continue;  // its job failed during this pass
    if (!preempting_.empty() && !beneficiaries_.count(p->request.id)) continue;
    if (head && ++behind_head > queue_->window()) break;
    if (const int64_t over = quota_excess(*p); over != 0) {
      if (records(*p)) note_attempt(*p, over < 0 ? AttemptOutcome::rejected : AttemptOutcome::over_quota);
      if (over < 0) {  // more than its VC may ever hold, or than one server holds
        p->done = true;
        settled_.push_back(p);
        reject(*p, Rejection::over_limit,
               over == -1 ? "the job asks more GPUs than its VC's quota"
                              : "the job asks more GPUs than the cluster holds");
      }
      continue;  // over its VC's quota for now: waits without blocking the others
    }
    if (try_place(*p, head && backfill == Backfill::easy ? &easy : nullptr)) {
      settled_.push_back(p);
      continue;
    }
    if (st_.scenario.policy.drop_on_wait) {  // packing semantics: no retry
      p->done = true;
      settled_.push_back(p);
      reject(*p, Rejection::dropped_on_wait, "");
      continue;
    }
    if (backfill == Backfill::none) break;
    if (!head) head = &p->request;
  }
  // Stages settled in this pass (and those of failed jobs, fail_job) leave the queue now.
  for (PendingStage* p : settled_) {
    waiting_by_id_.erase(p->request.id);
    if (auto it = waiting_.find(p); it != waiting_.end()) waiting_.erase(it);
  }
  settled_.clear();
  if (queue_->preemptive()) preempt_for_waiting();
}

void Controller::fail_job(int job, const std::string& reason) {
  JobState& j = st_.jobs[static_cast<size_t>(job)];
  if (j.failed) return;
  j.failed = true;
  const double now = sg4::Engine::get_clock();
  st_.recorder.job_failed(j.record, now);
  // Stages of this job still waiting will never be useful. They are only marked: the
  // scheduling pass may hold pointers to them, and removes done entries at its end.
  for (auto& w : waiting_)
    if (w->job == job && !w->done) {
      w->done = true;
      settled_.push_back(w.get());
      st_.recorder.stage_rejected(w->record, Rejection::job_failed, reason, now);
    }
  --active_jobs_;
  for (int64_t id : abandon_services(st_, job)) on_stage_done(id);  // replicas held for nothing
}

void Controller::on_stage_done(int64_t run_id) {
  auto it = st_.runs.find(run_id);
  StageRun& r = *it->second;
  if (r.migrating) {  // its migration ends first, then sends it here again
    r.done_while_migrating = true;
    return;
  }
  r.aborting = false;                // it finished before its agent saw the abort: done it is
  preempting_.erase(run_id);
  if (hold_replica(st_, r)) return;  // a serve replica: held while its service runs
  note_stage_output(st_, r);         // optimize: speed-up for the serve stages after it
  const double now = sg4::Engine::get_clock();
  st_.recorder.stage_done(r.record, now);
  release_run(r);
  JobState& j = st_.jobs[static_cast<size_t>(r.job)];
  const WorkflowSpec& wf = st_.workflow_of(j);
  int stage = r.stage;
  const int job = r.job;                              // r is gone after the erase
  const bool last_replica = release_replica(st_, r);  // true for stages that are no service
  st_.runs.erase(it);
  if (j.failed || !last_replica) return;
  if (--j.stages_left == 0) {
    st_.recorder.job_done(j.record, now);
    --active_jobs_;
    spdlog::debug("job {} done", j.id);
    return;
  }
  for (size_t s = 0; s < wf.stages.size(); ++s) {
    const auto& after = wf.stages[s].after_index;
    if (std::find(after.begin(), after.end(), stage) != after.end() && --j.deps_left[s] == 0)
      submit_stage(job, static_cast<int>(s));
  }
}

void Controller::record_timeline() {
  TimelinePoint p;
  p.time = sg4::Engine::get_clock();
  p.allocated_milli = st_.cluster.allocated_milli();
  p.busy_gpus = st_.busy_gpus();
  p.queue_length = static_cast<int>(waiting_.size());
  p.running_stages = running_stages_;
  p.fragmented_milli = st_.fragmentation.total_fragmented_milli();
  const size_t pools = st_.cluster.pools().size();
  for (size_t i = 0; pools <= kMaxTimelinePools && i < pools; ++i) {
    p.pool_allocated_milli.push_back(st_.pool_allocated_milli(static_cast<int>(i)));
    p.pool_fragmented_milli.push_back(st_.fragmentation.pool_fragmented_milli(static_cast<int>(i)));
  }
  st_.recorder.timeline(std::move(p));
}

}  // namespace vgpusim::engine
