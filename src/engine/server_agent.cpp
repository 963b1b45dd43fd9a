#include "server_agent.hpp"

#include <algorithm>

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

ServerAgent::ServerAgent(EngineState& st, int server)
    : st_(st),
      server_(server),
      host_(st.platform.servers[static_cast<size_t>(server)]),
      cache_(st.scenario
                 .pools[static_cast<size_t>(st.platform.server_pool[static_cast<size_t>(server)])]
                 .server.image_cache),
      extract_rate_(
          st.scenario
              .pools[static_cast<size_t>(st.platform.server_pool[static_cast<size_t>(server)])]
              .server.image_extract_rate) {}

void ServerAgent::operator()() {
  sg4::Mailbox* mbox = st_.agent_mailboxes[static_cast<size_t>(server_)];
  AgentMsg* msg = nullptr;
  sg4::CommPtr incoming = mbox->get_async<AgentMsg>(&msg);
  std::vector<sg4::ActivityPtr> waiting;
  for (;;) {
    waiting.clear();
    waiting.push_back(incoming);
    for (const auto& p : pending_) waiting.push_back(p.activity);
    ssize_t i = sg4::Activity::wait_any(waiting);
    if (i == 0) {
      std::unique_ptr<AgentMsg> m(msg);
      if (m->kind == AgentMsg::Kind::stop) return;
      incoming = mbox->get_async<AgentMsg>(&msg);
      if (m->kind == AgentMsg::Kind::reapply) {
        for (int g : m->gpus) reapply(g);
      } else if (m->kind != AgentMsg::Kind::start) {
        on_control(*m);
      } else {
        start(m->run);
      }
      continue;
    }
    Pending done = pending_[static_cast<size_t>(i - 1)];
    pending_.erase(pending_.begin() + (i - 1));
    if (done.gpu >= 0) st_.rates.finished(done.gpu, done.activity.get());
    if (done.part_of) {  // a gang part's exec: when the part is done, tell the run's agent
      if (--part_execs_[done.part_of] > 0) continue;
      part_execs_.erase(done.part_of);
      if (auto it = st_.runs.find(done.part_of); it != st_.runs.end())
        st_.agent_mailboxes[static_cast<size_t>(it->second->agent)]
            ->put_init(new AgentMsg{AgentMsg::Kind::part_done, nullptr, {}, done.part_of}, 0)
            ->detach();
    } else if (!done.run) {
      if (done.extract)
        on_pull_done(done.image);
      else
        on_download_done(done.image);
    } else if (--outstanding_[done.run] == 0) {
      outstanding_.erase(done.run);
      advance(done.run);
    }
  }
}

void ServerAgent::set_busy(StageRun* r, bool busy) {
  st_.set_busy(*r, busy);
  for (const GpuSlot& s : r->placement.slots) reapply(s.gpu);
  // A gang's other parts: their agents own the execs on those GPUs.
  for (size_t k = 1; k < r->gang.size(); ++k) {
    auto* msg = new AgentMsg{AgentMsg::Kind::reapply, nullptr, {}};
    for (const GpuSlot& s : r->gang[k].slots) msg->gpus.push_back(s.gpu);
    st_.agent_mailboxes[static_cast<size_t>(r->gang[k].server)]->put_init(msg, 0)->detach();
  }
}

void ServerAgent::reapply(int gpu) {
  st_.rates.apply(gpu, [this](const sg4::ActivityPtr& old_exec, const sg4::ExecPtr& new_exec) {
    for (Pending& p : pending_)
      if (p.activity == old_exec) {
        p.activity = new_exec;
        return;
      }
  });
}

void ServerAgent::start(StageRun* r) {
  // A new resident slice: under equal_share the others' shares shrink now.
  for (const GpuSlot& s : r->placement.slots) reapply(s.gpu);
  r->phase = Phase::pull;
  r->phase_start = sg4::Engine::get_clock();
  const ImageSpec& img = st_.workflow_of(st_.jobs[static_cast<size_t>(r->job)])
                             .stages[static_cast<size_t>(r->stage)]
                             .image;
  if (img.name.empty()) {
    advance(r);
    return;
  }
  // A gang needs the image on every one of its servers: the other parts' agents pull it
  // into their caches at the same time, sharing the storage link like any other pulls.
  r->pulls_left = std::max<int>(1, static_cast<int>(r->gang.size()));
  for (size_t k = 1; k < r->gang.size(); ++k)
    st_.agent_mailboxes[static_cast<size_t>(r->gang[k].server)]
        ->put_init(new AgentMsg{AgentMsg::Kind::part_pull, nullptr, {}, r->id}, 0)
        ->detach();
  if (pull_image(img, r, 0)) pulled(r);
}

bool ServerAgent::pull_image(const ImageSpec& img, StageRun* r, int64_t part_of) {
  if (cache_.touch(img.name)) return true;
  auto [it, fresh] = pulls_.try_emplace(img.name);
  if (r)
    it->second.waiters.push_back(r);
  else
    it->second.part_waiters.push_back(part_of);
  if (!fresh) return false;  // another stage on this server is pulling it already
  it->second.size = img.size;
  sg4::CommPtr c = sg4::Comm::sendto_init(st_.platform.storage, host_);
  c->set_payload_size(static_cast<uint64_t>(img.size));
  c->start();
  pending_.push_back(Pending{c, nullptr, img.name});
  return false;
}

void ServerAgent::pulled(StageRun* r) {
  if (--r->pulls_left > 0) return;
  advance(r);
}

void ServerAgent::on_download_done(const std::string& image) {
  const Pull& pull = pulls_.at(image);
  if (extract_rate_ <= 0 || (pull.waiters.empty() && pull.part_waiters.empty())) {
    // nothing to unpack, or nobody waits
    on_pull_done(image);
    return;
  }
  // The runtime decompresses and writes the layers on the server itself, not in a VM:
  // one exec of one core for size / rate seconds, sharing the server's cores with its VMs.
  sg4::ExecPtr e = sg4::this_actor::exec_init(pull.size / extract_rate_ * host_->get_speed());
  e->set_host(host_)->start();
  Pending p{e, nullptr, image};
  p.extract = true;
  pending_.push_back(p);
}

void ServerAgent::on_pull_done(const std::string& image) {
  auto it = pulls_.find(image);
  Pull pull = std::move(it->second);
  pulls_.erase(it);
  if (!pull.waiters.empty() || !pull.part_waiters.empty()) cache_.insert(image, pull.size);
  for (StageRun* r : pull.waiters) pulled(r);
  for (int64_t id : pull.part_waiters) reply_pulled(id);
}

void ServerAgent::start_transfer(StageRun* r, double bytes, bool to_storage) {
  sg4::Host* host = st_.platform.servers[static_cast<size_t>(r->server)];  // where it is now
  r->transfer_server = r->server;
  sg4::CommPtr c = to_storage ? sg4::Comm::sendto_init(host, st_.platform.storage)
                              : sg4::Comm::sendto_init(st_.platform.storage, host);
  c->set_payload_size(static_cast<uint64_t>(bytes));
  c->start();
  pending_.push_back(Pending{c, r, {}});
  outstanding_[r] = 1;
}

void ServerAgent::start_compute_segment(StageRun* r) {
  r->segment = r->compute_left;
  if (r->plan.checkpoint_every_s > 0) r->segment = std::min(r->segment, r->plan.checkpoint_every_s);
  if (!r->gang.empty()) {
    start_gang_segment(r);
    return;
  }
  int n = 0;
  if (r->placement.slots.empty()) {
    // CPU-only work runs on the VM's vCPUs: one exec of `segment x speed` per vCPU, each
    // taking `segment` seconds on its core. SimGrid 3.32's VM model gives a VM as much of
    // its server as it has running *execs* (not threads, up to its vCPUs): a single exec
    // of `vcpus` threads ran on one core's worth of the server, so the server's load (and
    // its energy, docs/energy.md) counted one busy vCPU whatever the stage's vcpus.
    sg4::VirtualMachine* vm = st_.vm_of(*r);
    const int vcpus = vm->get_core_count();
    const double speed = host_->get_speed();
    for (int i = 0; i < vcpus; ++i) {
      sg4::ExecPtr e = sg4::this_actor::exec_init(r->segment * speed);
      e->set_host(vm)->start();
      pending_.push_back(Pending{e, r, {}});
    }
    n = vcpus;
  } else {
    for (const GpuSlot& slot : r->placement.slots) {
      sg4::ExecPtr e = st_.rates.start(slot.gpu, r->id, r->segment * kGpuSpeed);
      pending_.push_back(Pending{e, r, {}, slot.gpu});
      ++n;
    }
  }
  outstanding_[r] = n;
}

void ServerAgent::advance(StageRun* r) {
  const double now = sg4::Engine::get_clock();
  const double elapsed = now - r->phase_start;
  r->phase_start = now;
  switch (r->phase) {
    case Phase::init:
    case Phase::pull:
      phase_took(r, StagePhase::pull, elapsed);
      r->phase = Phase::read;
      if (r->plan.read_bytes > 0) {
        start_transfer(r, r->plan.read_bytes, false);
        return;
      }
      [[fallthrough]];
    case Phase::read:
      if (r->phase == Phase::read && r->plan.read_bytes > 0) phase_took(r, StagePhase::read, elapsed);
      r->phase = Phase::compute;
      r->compute_left =
          r->placement.slots.empty() ? r->plan.compute_cpu_seconds : r->plan.compute_gpu_seconds;
      // A restarted attempt resumes from its last checkpoint (controller_mobility.cpp).
      if (r->checkpointed_left >= 0)
        r->compute_left = std::min(r->compute_left, r->checkpointed_left);
      r->checkpointed_left = r->compute_left;
      r->checkpoint_time = now;
      if (r->compute_left > 0) {
        set_busy(r, true);
        start_compute_segment(r);
        return;
      }
      break;
    case Phase::compute:
      phase_took(r, StagePhase::compute, elapsed);
      if (!r->gang.empty() && next_gang_step(r)) return;  // the round goes on
      st_.recorder.stage_work(r->record, r->segment * static_cast<double>(gpu_units(*r)));
      r->compute_left -= r->segment;
      if (r->compute_left > 1e-9) {
        if (r->plan.checkpoint_bytes > 0) {
          // The GPU idles while the checkpoint is written: best_effort neighbours get its turn.
          if (!r->placement.slots.empty()) set_busy(r, false);
          r->phase = Phase::checkpoint;
          start_transfer(r, r->plan.checkpoint_bytes, true);
        } else {
          start_compute_segment(r);
        }
        return;
      }
      set_busy(r, false);
      break;
    case Phase::checkpoint:
      phase_took(r, StagePhase::checkpoint, elapsed);
      r->checkpointed_left = r->compute_left;  // durable from now on
      r->checkpoint_time = now;
      if (r->stop_after_checkpoint) {  // preempted: the checkpoint was its last act here
        r->preempt_checkpoint_s = elapsed;
        report_stopped(r);
        return;
      }
      r->phase = Phase::compute;
      if (!r->placement.slots.empty()) set_busy(r, true);
      start_compute_segment(r);
      return;
    case Phase::write:
      phase_took(r, StagePhase::write, elapsed);
      finish(r);
      return;
    case Phase::done:
      return;
  }
  // Compute finished (or there was none): write the output, then done.
  r->phase = Phase::write;
  if (r->plan.write_bytes > 0) {
    start_transfer(r, r->plan.write_bytes, true);
    return;
  }
  finish(r);
}

void ServerAgent::finish(StageRun* r) {
  r->phase = Phase::done;
  st_.controller_mailbox->put_init(new CtrlMsg{CtrlMsg::Kind::stage_done, r->id}, 0)->detach();
}

}  // namespace vgpusim::engine
