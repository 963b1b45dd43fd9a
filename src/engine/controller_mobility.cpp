// The controller's side of live migration, scenario events, restarts from checkpoints and
// server power management (SPEC 2.6, docs/migration.md, docs/energy.md).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "controller.hpp"
#include "event_actor.hpp"
#include "migration.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {
namespace {

std::vector<StageRun*> runs_by_id(EngineState& st) {
  std::vector<StageRun*> v;
  for (auto& [id, r] : st.runs) v.push_back(r.get());
  std::sort(v.begin(), v.end(), [](const StageRun* a, const StageRun* b) { return a->id < b->id; });
  return v;
}

}  // namespace

void Controller::start_mobility() {
  const size_t n = st_.platform.servers.size();
  power_.assign(n, Power::on);
  empty_since_.assign(n, 0);
  drained_.assign(n, 0);
  failed_.assign(n, 0);
  st_.recorder.set_price_per_kwh(st_.scenario.energy.price_per_kwh);
  const LicenceSpec& l = st_.scenario.energy.licence;
  st_.recorder.set_licence(l.model_name(), l.per_gpu_year, l.per_gpu_hour, l.usd_per_gpu_hour());
  power_managed_ = st_.scenario.energy.power_off_after > 0;
  install_migration_observers();
  start_event_actors(st_, policy_->rebalances() || power_managed_);
}

void Controller::on_mobility(const CtrlMsg& m) {
  switch (m.kind) {
    case CtrlMsg::Kind::event:
      ++events_seen_;
      on_event(st_.scenario.events[static_cast<size_t>(m.value)]);
      break;
    case CtrlMsg::Kind::tick:
      rebalance();
      break;
    case CtrlMsg::Kind::migration_done:
      on_migration_done(m.value);
      break;
    case CtrlMsg::Kind::stage_aborted:
      on_stage_aborted(m.value);
      break;
    case CtrlMsg::Kind::booted: {
      const int s = static_cast<int>(m.value);
      power_[static_cast<size_t>(s)] = Power::on;
      empty_since_[static_cast<size_t>(s)] = sg4::Engine::get_clock();
      if (!drained_[static_cast<size_t>(s)] && !failed_[static_cast<size_t>(s)])
        st_.cluster.set_accepting(s, true);
      break;
    }
    default:
      break;
  }
}

void Controller::on_event(const EventSpec& e) {
  const double now = sg4::Engine::get_clock();
  const size_t s = static_cast<size_t>(e.server);
  const std::string& name = st_.platform.server_names[s];
  const ClusterEventKind kind = e.kind == EventSpec::Kind::drain  ? ClusterEventKind::drain
                               : e.kind == EventSpec::Kind::fail ? ClusterEventKind::fail
                                                                 : ClusterEventKind::restore;
  spdlog::info("event: {} {}", to_string(kind), e.target);
  st_.recorder.cluster_event(now, kind, e.target);
  switch (e.kind) {
    case EventSpec::Kind::drain:
      drained_[s] = 1;
      st_.cluster.set_accepting(e.server, false);
      for (StageRun* r : runs_by_id(st_)) {
        if (r->server == e.server) tell_service(*r, ServiceMsg::Kind::drained, name);
        if (!on_server(*r, e.server) || r->migrating || r->aborting || r->phase == Phase::done)
          continue;
        if (auto why = migrate(*r, nullptr, "drain"))
          abort_run(*r, {Interruption::drain, name, why->text});
      }
      break;
    case EventSpec::Kind::fail:
      if (e.gpu >= 0) {
        st_.cluster.set_gpu_healthy(e.gpu, false);
        for (StageRun* r : runs_by_id(st_)) {
          if (uses_gpu(*r, e.gpu)) tell_service(*r, ServiceMsg::Kind::lost, e.target);
          if (uses_gpu(*r, e.gpu) && !r->migrating && !r->aborting && r->phase != Phase::done)
            abort_run(*r, {Interruption::gpu_failed, e.target, ""});
        }
      } else {
        failed_[s] = 1;
        st_.cluster.set_accepting(e.server, false);
        for (int g : st_.cluster.server(e.server).gpus) st_.cluster.set_gpu_healthy(g, false);
        for (StageRun* r : runs_by_id(st_)) {
          if (r->server == e.server) tell_service(*r, ServiceMsg::Kind::lost, name);
          if (on_server(*r, e.server) && !r->migrating && !r->aborting && r->phase != Phase::done)
            abort_run(*r, {Interruption::server_failed, name, ""});
        }
      }
      break;
    case EventSpec::Kind::restore:
      if (e.gpu >= 0) {
        st_.cluster.set_gpu_healthy(e.gpu, true);
        sg4::Host* h = st_.platform.gpus[static_cast<size_t>(e.gpu)];
        if (!h->is_on() && power_[s] == Power::on) h->turn_on();
      } else {
        if (power_[s] == Power::off && failed_[s]) {
          st_.platform.servers[s]->turn_on();
          for (int g : st_.cluster.server(e.server).gpus)
            st_.platform.gpus[static_cast<size_t>(g)]->turn_on();
          power_[s] = Power::on;
        }
        for (int g : st_.cluster.server(e.server).gpus) {
          st_.cluster.set_gpu_healthy(g, true);
          if (power_[s] == Power::on) st_.platform.gpus[static_cast<size_t>(g)]->turn_on();
        }
        failed_[s] = 0;
        drained_[s] = 0;
        empty_since_[s] = now;
        if (power_[s] == Power::on) st_.cluster.set_accepting(e.server, true);
      }
      break;
  }
}

void Controller::tell_service(StageRun& r, ServiceMsg::Kind kind, const std::string& where) {
  // A replica serving an LLM service (held: its phases are done) is its actor's to replace
  // or restart; one still starting is handled as any stage (restarted by abort_run).
  if (r.service == 0 || r.phase != Phase::done) return;
  ServiceGroup& g = st_.services.at(r.service);
  if (!g.mailbox || g.done || !g.started) return;
  if (std::find(g.ready.begin(), g.ready.end(), &r) == g.ready.end()) return;
  g.mailbox->put_init(new ServiceMsg{kind, &r, where}, 0)->detach();
}

std::optional<Refusal> Controller::migrate(StageRun& r, const Placement* dst,
                                           const std::string& reason) {
  Placement p;
  std::optional<Refusal> why = movable(st_, r);
  if (!why && dst) {
    why = check_move(st_, r, *dst);
    p = *dst;
  } else if (!why) {
    why = find_destination(st_, r, &p);
  }
  if (why) {
    st_.recorder.migration_refused(why->kind);
    spdlog::info("migration of {} ({}) refused: {}", r.request.label, reason, why->text);
    return why;
  }
  start_migration(st_, r, p, reason);
  return std::nullopt;
}

void Controller::rebalance() {
  if (!policy_->rebalances()) return;
  std::vector<const Request*> queue, placed;
  for (const auto& w : waiting_)
    if (!w->done) queue.push_back(&w->request);
  std::vector<StageRun*> runs = runs_by_id(st_);
  for (StageRun* r : runs) placed.push_back(&r->request);
  ClusterView view{st_.cluster, queue, sg4::Engine::get_clock()};
  view.placed = &placed;
  int started = 0;
  for (const MigrateDecision& d : policy_->rebalance(view)) {
    if (started >= st_.scenario.migration.max_migrations) break;
    auto it = st_.runs.find(d.vm);
    if (it == st_.runs.end()) {
      st_.recorder.decision_invalid();
      continue;
    }
    if (!migrate(*it->second, &d.destination, st_.scenario.policy.placement)) ++started;
  }
}

void Controller::abort_run(StageRun& r, Abort why) {
  r.aborting = true;
  abort_reason_[r.id] = std::move(why);
  st_.agent_mailboxes[static_cast<size_t>(r.agent)]
      ->put_init(new AgentMsg{AgentMsg::Kind::abort, &r, {}}, 0)
      ->detach();
}

void Controller::release_run(StageRun& r) {
  if (st_.jobs[static_cast<size_t>(r.job)].trace >= 0)
    vc_used_milli_[vc_of(r.job)] -= r.request.gpu.total_milli(st_.cluster.catalog());
  const std::vector<Placement> one{r.placement};
  const std::vector<Placement>& parts = r.gang.empty() ? one : r.gang;  // a gang: every part
  for (size_t k = 0; k < parts.size(); ++k) {
    st_.cluster.release(gang_part_owner(r.id, static_cast<int>(k)));
    st_.touch_gpus(parts[k]);
    if (parts[k].slots.empty()) continue;
    // One resident slice fewer: its server's agent re-applies the shares of those GPUs.
    auto* msg = new AgentMsg{AgentMsg::Kind::reapply, nullptr, {}};
    for (const GpuSlot& s : parts[k].slots) msg->gpus.push_back(s.gpu);
    st_.agent_mailboxes[static_cast<size_t>(parts[k].server)]->put_init(msg, 0)->detach();
  }
  if (r.vm) r.vm->destroy();
  if (!std::isnan(r.rank_bound)) set_rank_bound(r, std::numeric_limits<double>::quiet_NaN());
  --running_stages_;
}

void Controller::on_stage_aborted(int64_t run_id) {
  auto it = st_.runs.find(run_id);
  StageRun& r = *it->second;
  const Abort& why = abort_reason_[run_id];
  const double now = sg4::Engine::get_clock();
  Restart next{r.attempt + 1, r.checkpointed_left};
  preempting_.erase(run_id);
  if (why.why == Interruption::preempted) {
    const std::string reason =
        st_.recorder.stage_preempted(r.record, why.detail, r.preempt_checkpoint_s, now);
    spdlog::info("{} stopped: {}", r.request.label, reason);
    next.preempted = true;
    next.attained_gpu_s = attained_gpu_s(r, now);
    const double total =
        r.placement.slots.empty() ? r.plan.compute_cpu_seconds : r.plan.compute_gpu_seconds;
    if (total > 0 && r.checkpointed_left >= 0)
      next.estimate_fraction = std::clamp(r.checkpointed_left / total, 0.0, 1.0);
  } else {
    const std::string reason = st_.recorder.stage_interrupted(
        r.record, why.why, why.where, why.detail, r.lost_work,
        static_cast<int>(r.placement.slots.size()), now);
    spdlog::info("{} stopped: {}", r.request.label, reason);
  }
  abort_reason_.erase(run_id);
  release_run(r);
  const int job = r.job, stage = r.stage, replica = r.replica;
  const int64_t service = r.service;
  st_.runs.erase(it);
  if (st_.jobs[static_cast<size_t>(job)].failed) return;
  if (service != 0) {  // a replica still starting: the same replica of the same service again
    const StageSpec& sp = st_.workflow_of(st_.jobs[static_cast<size_t>(job)])
                              .stages[static_cast<size_t>(stage)];
    enqueue_stage(job, stage, service, replica, sp.replicas > 1 || sp.autoscale, &next);
    return;
  }
  submit_stage(job, stage, &next);
}

void Controller::on_migration_done(int64_t run_id) {
  auto it = st_.runs.find(run_id);
  if (it == st_.runs.end()) return;
  StageRun& r = *it->second;
  r.migrating = false;
  if (r.done_while_migrating) {
    r.done_while_migrating = false;
    on_stage_done(run_id);
    return;
  }
  const size_t s = static_cast<size_t>(r.server);
  bool gpu_failed = false;
  for (const GpuSlot& g : r.placement.slots) gpu_failed |= !st_.cluster.gpu(g.gpu).healthy;
  if (failed_[s] || gpu_failed) {
    abort_run(r, {Interruption::destination_failed, "", ""});
  } else if (drained_[s]) {  // drained while the VM was on its way: move it on
    if (auto why = migrate(r, nullptr, "drain"))
      abort_run(r, {Interruption::drain_on_arrival, "", why->text});
  }
}

bool Controller::server_idle(int s) const {
  const ServerState& sv = st_.cluster.server(s);
  if (sv.cpu_milli_used > 0 || sv.memory_mib_used > 0) return false;
  for (int g : sv.gpus)
    if (!st_.cluster.gpu(g).empty()) return false;
  for (const auto& [id, r] : st_.runs) {
    if (on_server(*r, s)) return false;
    const bool transferring =
        r->phase == Phase::read || r->phase == Phase::checkpoint || r->phase == Phase::write;
    if (transferring && r->transfer_server == s) return false;  // its comm still leaves from s
  }
  return true;
}

void Controller::power_off(int s) {
  st_.cluster.set_accepting(s, false);
  for (int g : st_.cluster.server(s).gpus) st_.platform.gpus[static_cast<size_t>(g)]->turn_off();
  st_.platform.servers[static_cast<size_t>(s)]->turn_off();
  power_[static_cast<size_t>(s)] = Power::off;
  st_.recorder.power_off(sg4::Engine::get_clock(),
                         st_.platform.server_names[static_cast<size_t>(s)]);
  spdlog::info("{} powered off", st_.platform.server_names[static_cast<size_t>(s)]);
}

void Controller::boot(int s) {
  st_.platform.servers[static_cast<size_t>(s)]->turn_on();
  for (int g : st_.cluster.server(s).gpus)
    if (st_.cluster.gpu(g).healthy) st_.platform.gpus[static_cast<size_t>(g)]->turn_on();
  power_[static_cast<size_t>(s)] = Power::booting;
  st_.recorder.boot(sg4::Engine::get_clock(), st_.platform.server_names[static_cast<size_t>(s)]);
  spdlog::info("{} booting", st_.platform.server_names[static_cast<size_t>(s)]);
  start_boot_timer(st_, s, st_.scenario.energy.boot_time);
}

void Controller::manage_power() {
  const int n = static_cast<int>(power_.size());
  // A failed server goes dark once its stages are gone (no scan when none failed).
  // (memchr: this runs on every controller message, and std::find's byte loop over a large
  // fleet's flags was ~1.5 % of bench/bare_overhead.sh's month slice.)
  const bool any_failed = !failed_.empty() && std::memchr(failed_.data(), 1, failed_.size());
  for (int s = 0; any_failed && s < n; ++s)
    if (failed_[static_cast<size_t>(s)] && power_[static_cast<size_t>(s)] == Power::on &&
        server_idle(s))
      power_off(s);
  if (!power_managed_) return;
  const double now = sg4::Engine::get_clock();
  bool booting = false;
  for (int s = 0; s < n; ++s) {
    const size_t i = static_cast<size_t>(s);
    booting |= power_[i] == Power::booting;
    if (power_[i] != Power::on || failed_[i] || drained_[i]) continue;
    if (!server_idle(s)) {
      empty_since_[i] = -1;
    } else if (empty_since_[i] < 0) {
      empty_since_[i] = now;
    } else if (now - empty_since_[i] >= st_.scenario.energy.power_off_after && waiting_.empty()) {
      power_off(s);
    }
  }
  // Wake one server when the head of the queue fits nowhere that is on, but on a server
  // that is off; one boot at a time.
  if (booting) return;
  for (const auto& w : waiting_) {
    if (w->done) continue;
    for (int s = 0; s < n; ++s) {
      const size_t i = static_cast<size_t>(s);
      if (power_[i] != Power::off || failed_[i] || drained_[i]) continue;
      st_.cluster.set_accepting(s, true);
      const bool fits = st_.cluster.best_fit_on(w->request, s).has_value();
      st_.cluster.set_accepting(s, false);
      if (fits) {
        boot(s);
        return;
      }
    }
    return;
  }
}

}  // namespace vgpusim::engine
