// Service groups (service_group.hpp): a serve stage's replicas gathered until the last is
// ready, the service actor started then, and the replica bookkeeping both actors share.
#include "service_group.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "llm_service_actor.hpp"
#include "service_actor.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

void request_replica(EngineState& st, int64_t id, int& pending, double now, int serving,
                     const std::string& why) {
  ServiceGroup& g = st.services.at(id);
  ++pending;
  g.coming.push_back(g.asked);  // the controller numbers them in the same order
  st.recorder.service_scaled(g.record, {now, ScaleEventKind::requested, g.asked++, serving, why});
  st.controller_mailbox->put_init(new CtrlMsg{CtrlMsg::Kind::replica_wanted, id}, 0)->detach();
}

void note_arrived(ServiceGroup& g, int& pending, const StageRun& r) {
  pending = std::max(0, pending - 1);
  g.coming.erase(std::remove(g.coming.begin(), g.coming.end(), r.replica), g.coming.end());
}

bool note_drained(std::deque<StageRun*>& drained, StageRun* r) {
  if (std::find(drained.begin(), drained.end(), r) != drained.end()) return false;
  drained.push_back(r);
  return true;
}

bool note_lost(EngineState& st, const ServiceGroup& g, std::deque<StageRun*>& drained,
               StageRun* r, double now, int serving, const std::string& where) {
  const bool was_drained = std::find(drained.begin(), drained.end(), r) != drained.end();
  drained.erase(std::remove(drained.begin(), drained.end(), r), drained.end());
  st.recorder.service_scaled(g.record,
                             {now, ScaleEventKind::lost, r->replica, serving, "failure of " + where});
  return !was_drained;
}

std::string replacement_reason(const ServiceMsg& m) {
  return m.kind == ServiceMsg::Kind::drained
             ? fmt::format("replaces replica {} (drain of {})", m.run->replica, m.where)
             : fmt::format("replaces replica {} (lost)", m.run->replica);
}

int64_t open_service(EngineState& st, int job, int stage) {
  const JobState& j = st.jobs[static_cast<size_t>(job)];
  const WorkflowSpec& wf = st.workflow_of(j);
  const StageSpec& sp = wf.stages[static_cast<size_t>(stage)];
  if (!stage_kind_registry().get(sp.kind).factory.is_service) return 0;
  const auto id = static_cast<int64_t>(st.services.size()) + 1;
  ServiceGroup& g = st.services[id];
  g.job = job;
  g.stage = stage;
  g.replicas = sp.replicas;
  g.live = sp.replicas;
  g.next_replica = sp.replicas;
  g.asked = sp.replicas;
  ServiceRecord rec;
  rec.job = j.id;
  rec.workflow = wf.name;
  rec.stage = sp.name;
  rec.replicas = sp.replicas;
  rec.dispatch = sp.params.text("dispatch", "shared_queue");
  std::vector<double> targets;
  for (auto [key, slot] :
       {std::pair{"slo.p50", &rec.slo_p50}, {"slo.p95", &rec.slo_p95}, {"slo.p99", &rec.slo_p99}})
    if (sp.params.has(key)) targets.push_back(*slot = sp.params.number(key));
  rec.latency = LatencyStats(std::move(targets));
  g.record = st.recorder.service_opened(std::move(rec));
  return id;
}

bool hold_replica(EngineState& st, StageRun& r) {
  if (r.service == 0) return false;
  ServiceGroup& g = st.services.at(r.service);
  if (g.done || st.jobs[static_cast<size_t>(r.job)].failed) return false;
  g.ready.push_back(&r);
  if (g.started) {  // a replica an LLM service asked for while serving
    if (g.mailbox) g.mailbox->put_init(new ServiceMsg{ServiceMsg::Kind::added, &r, {}}, 0)->detach();
    return true;
  }
  if (static_cast<int>(g.ready.size()) < g.replicas) return true;
  g.started = true;
  std::sort(g.ready.begin(), g.ready.end(),
            [](const StageRun* a, const StageRun* b) { return a->replica < b->replica; });
  const JobState& j = st.jobs[static_cast<size_t>(g.job)];
  const StageSpec& sp = st.workflow_of(j).stages[static_cast<size_t>(g.stage)];
  const std::string name = fmt::format("service-{}", r.service);
  g.mailbox = sg4::Mailbox::by_name(name);
  if (serves_llm(sp.params)) {
    auto actor = std::make_shared<LlmServiceActor>(st, r.service);
    sg4::Actor::create(name, st.platform.control, [actor]() { (*actor)(); });
  } else {
    auto actor = std::make_shared<ServiceActor>(st, r.service);
    sg4::Actor::create(name, st.platform.control, [actor]() { (*actor)(); });
  }
  return true;
}

bool release_replica(EngineState& st, const StageRun& r) {
  if (r.service == 0) return true;
  ServiceGroup& g = st.services.at(r.service);
  g.ready.erase(std::remove(g.ready.begin(), g.ready.end(), &r), g.ready.end());
  return --g.live == 0 && g.done;
}

std::vector<int64_t> service_replicas(EngineState& st, int64_t id) {
  ServiceGroup& g = st.services.at(id);
  g.done = true;
  std::vector<int64_t> ids;
  for (const StageRun* r : g.ready) ids.push_back(r->id);
  return ids;
}

std::vector<int64_t> abandon_services(EngineState& st, int job) {
  std::vector<int64_t> release;
  for (auto& [id, g] : st.services) {
    if (g.job != job || g.started) continue;
    st.recorder.service_failed(g.record);
    for (StageRun* r : g.ready) release.push_back(r->id);
    g.ready.clear();
  }
  return release;
}

void note_stage_output(EngineState& st, const StageRun& r) {
  if (r.plan.speedup_out == 1.0 && !r.plan.precision_out) return;
  JobState& j = st.jobs[static_cast<size_t>(r.job)];
  const size_t n = st.workflow_of(j).stages.size();
  if (j.speedup_out.size() < n) {
    j.speedup_out.resize(n, 0.0);  // 0: no output (the stage is not an optimize stage)
    j.precision_out.resize(n);
  }
  j.speedup_out[static_cast<size_t>(r.stage)] = r.plan.speedup_out;
  j.precision_out[static_cast<size_t>(r.stage)] = r.plan.precision_out;
}

}  // namespace vgpusim::engine
