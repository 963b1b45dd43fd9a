// The controller's placements (controller.hpp): a waiting stage as the policy's Request,
// the policy's decision for it (a gang's parts together), checked and applied as a run
// handed to its server's agent, or the stage refused.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

#include "controller.hpp"
#include "migration.hpp"
#include "vgpusim/policy/backfill.hpp"
#include "vgpusim/workload/replay.hpp"
#include "vgpusim/workload/runtime_estimate.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

Request Controller::make_request(int job, int stage) const {
  const JobState& j = st_.jobs[static_cast<size_t>(job)];
  const WorkflowSpec& wf = st_.workflow_of(j);
  const StageSpec& sp = wf.stages[static_cast<size_t>(stage)];
  Request r;
  r.id = next_run_id_;
  r.label = fmt::format("job-{}/{}", j.id, sp.name);
  r.cpu_milli = static_cast<int64_t>(sp.vcpus) * 1000;
  r.memory_mib = static_cast<int64_t>(std::ceil(sp.memory / (1024.0 * 1024.0)));
  r.gpu = sp.demand;
  r.submit_time = sg4::Engine::get_clock();
  r.priority = wf.priority;
  r.estimated_runtime_s = estimate_of(j.workflow, stage);
  r.small_kernels = sp.small_kernels;
  if (j.trace >= 0) {  // a replayed job asks what the trace says; its duration is the oracle
    const TraceJob& t = st_.scenario.trace.jobs[static_cast<size_t>(j.trace)];
    r.gpu = t.demand;
    if (t.cpu_milli > 0) r.cpu_milli = t.cpu_milli;
    if (t.memory_mib > 0) r.memory_mib = t.memory_mib;
    r.estimated_runtime_s = t.duration;
  }
  return r;
}

double Controller::estimate_of(int workflow, int stage) const {
  if (estimates_.empty())
    for (const WorkflowSpec& wf : st_.scenario.workflows) {
      std::vector<double> per_stage;
      for (const StageSpec& sp : wf.stages)
        per_stage.push_back(estimate_stage_runtime_s(st_.scenario, sp));
      estimates_.push_back(std::move(per_stage));
    }
  return estimates_[static_cast<size_t>(workflow)][static_cast<size_t>(stage)];
}

std::vector<RunningRequest> Controller::running_requests() const {
  std::vector<RunningRequest> out;
  for (const auto& [id, r] : st_.runs) {
    out.push_back({id, r->expected_end});
    if (r->migrating) out.push_back({kReservationBase + id, r->expected_end});
  }
  return out;
}

bool Controller::try_place(PendingStage& p, const Gate* gate) {
  if (!p.service && needs_gang(st_.cluster, p.request)) return try_place_gang(p, gate);
  // Decide. A request that fits nowhere gets Wait from every policy that says so, without
  // the call (its cost is a look-up in the index of feasible servers).
  if (policy_->waits_when_nothing_fits() && feasible_.of(st_.cluster, p.request, p.shape).empty()) {
    if (records(p)) note_attempt(p, AttemptOutcome::waited);
    return false;
  }
  static const std::vector<const Request*> kNoQueue;  // place() sees no queue (policy.hpp)
  ClusterView view{st_.cluster, kNoQueue, sg4::Engine::get_clock()};
  Decision d = policy_->place(p.request, view);
  if (std::holds_alternative<WaitDecision>(d)) {
    if (records(p)) note_attempt(p, AttemptOutcome::waited);
    return false;
  }
  if (auto* rej = std::get_if<RejectDecision>(&d)) {
    if (records(p)) note_attempt(p, AttemptOutcome::rejected);
    p.done = true;
    reject(p, Rejection::by_policy, rej->reason);
    return true;
  }
  // Check.
  const Placement& pl = std::get<PlaceDecision>(d).placement;
  std::string why;
  if (!st_.cluster.check(p.request, pl, &why)) {
    if (records(p)) note_attempt(p, AttemptOutcome::invalid, &pl);
    p.done = true;
    reject(p, Rejection::invalid_decision, why);
    return true;
  }
  if (gate && !(*gate)(p.request, pl)) {  // it would delay the head: it waits
    if (records(p)) note_attempt(p, AttemptOutcome::held_for_head, &pl);
    return false;
  }
  if (records(p)) note_attempt(p, AttemptOutcome::placed, &pl);
  // Apply.
  p.done = true;
  st_.cluster.allocate(p.request, pl);
  st_.touch_gpus(pl);
  start_run(p, pl, {});
  return true;
}

bool Controller::try_place_gang(PendingStage& p, const Gate* gate) {
  // EASY's reservation is for one server: a gang does not backfill past the head.
  if (gate) return false;
  static const std::vector<const Request*> kNoQueue;
  ClusterView view{st_.cluster, kNoQueue, sg4::Engine::get_clock()};
  std::optional<GangDecision> chosen = policy_->place_gang(p.request, view);
  GangDecision d = chosen ? std::move(*chosen) : fewest_servers_gang(p.request, st_.cluster);
  if (std::holds_alternative<WaitDecision>(d)) return false;
  if (auto* rej = std::get_if<RejectDecision>(&d)) {
    p.done = true;
    reject(p, Rejection::by_policy, rej->reason);
    return true;
  }
  GangPlacement& g = std::get<PlaceGangDecision>(d).gang;
  std::string why;
  if (!check_gang(st_.cluster, p.request, g, &why)) {
    p.done = true;
    reject(p, Rejection::invalid_decision, why);
    return true;
  }
  p.done = true;
  allocate_gang(st_.cluster, p.request, g);
  for (const Placement& part : g.parts) st_.touch_gpus(part);
  const Placement leader = g.parts.front();
  start_run(p, leader, std::move(g.parts));
  return true;
}

void Controller::start_run(PendingStage& p, const Placement& pl, std::vector<Placement> gang) {
  const JobState& j = st_.jobs[static_cast<size_t>(p.job)];
  const StageSpec& sp = st_.workflow_of(j).stages[static_cast<size_t>(p.stage)];
  auto run = std::make_unique<StageRun>();
  run->id = p.request.id;
  run->job = p.job;
  run->stage = p.stage;
  run->server = pl.server;
  run->placement = pl;
  run->gang = std::move(gang);
  run->record = p.record;
  run->request = p.request;
  run->agent = pl.server;
  run->checkpointed_left = p.resume_left;
  run->service = p.service;
  run->replica = p.replica;
  run->attempt = p.attempt;
  run->placed_at = sg4::Engine::get_clock();
  run->expected_end = run->placed_at + p.request.estimated_runtime_s;
  if (j.trace >= 0) vc_used_milli_[vc_of(p.job)] += p.request.gpu.total_milli(st_.cluster.catalog());
  const auto& kind = stage_kind_registry().get(sp.kind).factory;
  StageResources res;
  res.gpu = pl.slots.empty() ? nullptr : st_.cluster.gpu(pl.slots.front().gpu).model;
  res.gpus = gpu_units(*run);
  res.servers = run->gang.empty() ? 1 : static_cast<int>(run->gang.size());
  res.vcpus = st_.vcpus_of(p.job, p.stage, p.request);
  res.catalog = &st_.scenario.catalog;
  if (!run->gang.empty()) {
    res.ring_bandwidth = ring_reference_bandwidth(st_, *run);
    res.gpu_share = guaranteed_gpu_share(p.request.gpu, st_.scenario.catalog);
  }
  if (j.trace >= 0) {
    StageParams params = sp.params;
    params.numbers[kReplayWorkKey] = st_.scenario.trace.work[static_cast<size_t>(j.trace)];
    run->plan = kind.make(params)->plan(res);
  } else {
    std::unique_ptr<StageCostModel>& model = cost_models_[&sp];
    if (!model) model = kind.make(sp.params);
    run->plan = model->plan(res);
  }
  setup_ring(*run);

  // A preempted stage resumes: it reads its checkpoint back (the image pull on a server
  // that lacks it is the agent's, through the image cache).
  if (p.resumed) run->plan.read_bytes += run->plan.checkpoint_bytes;
  StagePlacement where = st_.where(*run);
  spdlog::debug("{} placed on {}", p.request.label, where.server);
  if (p.resumed) st_.recorder.stage_resumed(p.record, where.server, run->placed_at);
  st_.recorder.stage_placed(p.record, sg4::Engine::get_clock(), std::move(where));
  ++running_stages_;
  if (queue_->preemptive()) note_placed(*run);

  StageRun* raw = run.get();
  st_.runs.emplace(run->id, std::move(run));
  st_.agent_mailboxes[static_cast<size_t>(pl.server)]
      ->put_init(new AgentMsg{AgentMsg::Kind::start, raw, {}}, 0)
      ->detach();
}

void Controller::reject(PendingStage& p, Rejection why, const std::string& detail) {
  const std::string reason =
      st_.recorder.stage_rejected(p.record, why, detail, sg4::Engine::get_clock());
  spdlog::info("{} rejected: {}", p.request.label, reason);
  fail_job(p.job, reason);
}

}  // namespace vgpusim::engine
