// The server agent's part in migrations and failures (docs/migration.md): it owns the
// activities of the runs on its server, so it alone suspends, hands over, adopts or
// cancels them. The migration actor and the controller ask through its mailbox.
#include <fmt/format.h>

#include <algorithm>

#include "server_agent.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {
namespace {

void reply_to_migration(const StageRun* r) {
  sg4::Mailbox::by_name(fmt::format("mig-{}", r->id))->put_init(new int(0), 0)->detach();
}

int slot_of(const StageRun* r, int gpu) {
  for (size_t i = 0; i < r->placement.slots.size(); ++i)
    if (r->placement.slots[i].gpu == gpu) return static_cast<int>(i);
  return -1;
}

}  // namespace

void ServerAgent::on_control(const AgentMsg& m) {
  switch (m.kind) {
    case AgentMsg::Kind::detach:
      detach(m.run);
      break;
    case AgentMsg::Kind::adopt:
      adopt(m.run);
      break;
    case AgentMsg::Kind::abort:
      abort(m.run);
      break;
    case AgentMsg::Kind::preempt:
      preempt(m.run);
      break;
    case AgentMsg::Kind::part_compute:
      on_part_compute(m);
      break;
    case AgentMsg::Kind::part_done:
      on_part_done(m.run_id);
      break;
    case AgentMsg::Kind::part_cancel:
      on_part_cancel(m);
      break;
    case AgentMsg::Kind::part_pull:
      on_part_pull(m);
      break;
    case AgentMsg::Kind::part_pulled:
      on_part_pulled(m.run_id);
      break;
    default:
      break;
  }
}

void ServerAgent::detach(StageRun* r) {
  r->handoff.clear();
  r->handoff_outstanding = 0;
  if (r->phase != Phase::done) {
    // Several execs of one run may sit on one GPU: the n-th of them maps to its n-th slot.
    std::vector<int> used(r->placement.slots.size(), 0);
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->run != r) {
        ++it;
        continue;
      }
      it->activity->suspend();
      int slot = -1;
      if (it->gpu >= 0) {
        st_.rates.finished(it->gpu, it->activity.get());
        for (size_t i = 0; i < r->placement.slots.size(); ++i)
          if (r->placement.slots[i].gpu == it->gpu && used[i] == 0) {
            slot = static_cast<int>(i);
            used[i] = 1;
            break;
          }
        if (slot < 0) slot = slot_of(r, it->gpu);
      }
      r->handoff.push_back(StageRun::Handed{it->activity, slot});
      it = pending_.erase(it);
    }
    if (auto o = outstanding_.find(r); o != outstanding_.end()) {
      r->handoff_outstanding = o->second;
      outstanding_.erase(o);
    }
  }
  reply_to_migration(r);
}

void ServerAgent::adopt(StageRun* r) {
  r->agent = server_;
  for (const StageRun::Handed& h : r->handoff) {
    if (h.slot >= 0) {
      // The GPU exec restarts on the destination GPU with exactly the work it had left
      // (the same replacement GpuRateControl uses when a bound changes).
      auto old = boost::static_pointer_cast<sg4::Exec>(h.activity);
      const double left = old->get_remaining();
      old->cancel();
      const int gpu = r->placement.slots[static_cast<size_t>(h.slot)].gpu;
      sg4::ExecPtr e = st_.rates.start(gpu, r->id, left);
      pending_.push_back(Pending{e, r, {}, gpu});
    } else {
      // A transfer goes on over the route it started on; a CPU exec moved with the VM.
      h.activity->resume();
      pending_.push_back(Pending{h.activity, r, {}, -1});
    }
  }
  if (r->handoff_outstanding > 0) outstanding_[r] = r->handoff_outstanding;
  r->handoff.clear();
  for (const GpuSlot& s : r->placement.slots) reapply(s.gpu);
  reply_to_migration(r);
}

double ServerAgent::cancel_run(StageRun* r) {
  const double now = sg4::Engine::get_clock();
  // Progress of the segment in flight, from its first exec (all run in lockstep).
  double left = r->compute_left;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->run != r) {
      ++it;
      continue;
    }
    // A gang's round in flight is lost: its steps (forward, backward, all-reduce) are
    // not one exec's progress.
    if (r->phase == Phase::compute && left == r->compute_left && r->gang.empty()) {
      if (auto e = boost::dynamic_pointer_cast<sg4::Exec>(it->activity)) {
        const double unit =
            r->placement.slots.empty() ? e->get_cost() / std::max(r->segment, 1e-300) : kGpuSpeed;
        left = r->compute_left - (r->segment - e->get_remaining() / unit);
      }
    }
    if (it->gpu >= 0) st_.rates.finished(it->gpu, it->activity.get());
    it->activity->cancel();
    it = pending_.erase(it);
  }
  outstanding_.erase(r);
  cancel_parts(r);
  for (auto& [image, pull] : pulls_) std::erase(pull.waiters, r);
  if (r->phase == Phase::compute) {
    phase_took(r, StagePhase::compute, now - r->phase_start);
    st_.recorder.stage_work(r->record, (r->compute_left - left) * static_cast<double>(gpu_units(*r)));
    st_.set_busy(*r, false);
  }
  return left;
}

void ServerAgent::report_stopped(StageRun* r) {
  r->phase = Phase::done;
  st_.controller_mailbox->put_init(new CtrlMsg{CtrlMsg::Kind::stage_aborted, r->id}, 0)->detach();
}

void ServerAgent::abort(StageRun* r) {
  if (r->phase == Phase::done) return;  // it finished first: its stage_done is on the way
  const Phase was = r->phase;
  const double left = cancel_run(r);
  // Work since the last checkpoint (or since this attempt's compute began) is lost; a
  // run not computing yet has lost nothing but its start-up.
  const bool started = was == Phase::compute || was == Phase::checkpoint || was == Phase::write;
  r->lost_work =
      started && r->checkpointed_left >= 0 ? std::max(0.0, r->checkpointed_left - left) : 0;
  r->compute_left = left;
  report_stopped(r);
}

void ServerAgent::preempt(StageRun* r) {
  if (r->phase == Phase::done) return;  // it finished first: its stage_done is on the way
  if (r->phase == Phase::checkpoint) {  // a periodic checkpoint is being written: stop after it
    r->stop_after_checkpoint = true;
    return;
  }
  if (r->phase != Phase::compute) {  // starting up (pull, read): nothing to save
    abort(r);
    return;
  }
  // The progress made is saved: the checkpoint is written to storage through the stage's
  // checkpoint model while the job still holds its GPUs, then they are released.
  r->compute_left = cancel_run(r);
  r->lost_work = 0;
  r->phase_start = sg4::Engine::get_clock();
  if (r->plan.checkpoint_bytes > 0) {
    r->phase = Phase::checkpoint;
    r->stop_after_checkpoint = true;
    start_transfer(r, r->plan.checkpoint_bytes, true);
    return;
  }
  r->checkpointed_left = r->compute_left;
  report_stopped(r);
}

}  // namespace vgpusim::engine
