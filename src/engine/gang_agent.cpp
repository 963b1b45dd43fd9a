// Gangs on the server agents (docs/training.md). A run spanning servers is driven by the
// agent of its first server (the leader, StageRun::agent); the execs on another server's
// GPUs belong to that server's agent, which alone may replace them when shares change
// (gpu_rate_control.hpp), so the leader asks for them by message (part_compute) and is told
// when they are done (part_done). The ring all-reduce between rounds of iterations is a
// set of SimGrid comms between the gang's servers, started and awaited by the leader.
// Before it computes, a gang waits for its image on every one of its servers: each part's
// agent pulls it into its own cache (part_pull) and tells the leader (part_pulled).
#include <algorithm>

#include "server_agent.hpp"
#include "vgpusim/workload/train.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

void setup_ring(StageRun& r) {
  r.ring = Ring{};
  const StagePlan& p = r.plan;
  if (r.gang.size() < 2 || !(p.iterations > 0) || !(p.gradient_bytes > 0) ||
      !(p.compute_gpu_seconds > 0))
    return;
  r.ring.active = true;
  r.ring.compute_per_iteration = p.compute_gpu_seconds / p.iterations;
  r.ring.hop_bytes = ring_hop_bytes(gpu_units(r), p.gradient_bytes);
  r.ring.overlap = std::clamp(p.overlap, 0.0, 1.0);
  r.ring.per_round = std::max(1, p.iterations_per_round);
}

double ring_reference_bandwidth(const EngineState& st, const StageRun& r) {
  double slowest = 0;
  for (const Placement& part : r.gang) {
    const auto pool = st.platform.server_pool[static_cast<size_t>(part.server)];
    const double nic = st.scenario.pools[static_cast<size_t>(pool)].server.nic_bandwidth;
    slowest = slowest > 0 ? std::min(slowest, nic) : nic;
  }
  return slowest;
}

void ServerAgent::start_gang_segment(StageRun* r) {
  Ring& ring = r->ring;
  if (!ring.active) {  // no synchronisation modelled: the segment runs on every part at once
    run_gang_step(r, r->segment, 0);
    return;
  }
  // A round: `per_round` iterations at most, within the checkpoint segment.
  r->segment = std::min(r->segment, ring.per_round * ring.compute_per_iteration);
  if (ring.step == Ring::Step::exposed) set_busy(r, true);  // the last round waited on the network
  ring.step = Ring::Step::forward;
  // Forward pass: a third of the compute (2 of the 6 FLOPs per parameter and token).
  run_gang_step(r, r->segment / 3.0, 0);
}

bool ServerAgent::next_gang_step(StageRun* r) {
  Ring& ring = r->ring;
  if (!ring.active) return false;
  const double bytes = r->segment / ring.compute_per_iteration * ring.hop_bytes;
  switch (ring.step) {
    case Ring::Step::forward:
      // Backward pass (4 of the 6 FLOPs), with the all-reduce of every bucket but the last.
      ring.step = Ring::Step::backward;
      run_gang_step(r, r->segment * 2.0 / 3.0, bytes * ring.overlap);
      return true;
    case Ring::Step::backward:
      if (ring.overlap >= 1) return false;
      // The rest of the all-reduce: the GPUs wait on the network.
      ring.step = Ring::Step::exposed;
      set_busy(r, false);
      run_gang_step(r, 0, bytes * (1 - ring.overlap));
      return true;
    case Ring::Step::exposed:
      break;
  }
  return false;
}

void ServerAgent::run_gang_step(StageRun* r, double work, double bytes) {
  int n = 0;
  if (work > 0) {
    for (const GpuSlot& slot : r->placement.slots) {
      sg4::ExecPtr e = st_.rates.start(slot.gpu, r->id, work * kGpuSpeed);
      pending_.push_back(Pending{e, r, {}, slot.gpu});
      ++n;
    }
    for (size_t k = 1; k < r->gang.size(); ++k) {
      auto* msg = new AgentMsg{AgentMsg::Kind::part_compute, nullptr, {}, r->id,
                               gang_part_owner(r->id, static_cast<int>(k)), work * kGpuSpeed};
      for (const GpuSlot& slot : r->gang[k].slots) msg->gpus.push_back(slot.gpu);
      st_.agent_mailboxes[static_cast<size_t>(r->gang[k].server)]->put_init(msg, 0)->detach();
      ++n;
    }
  }
  if (bytes > 0) {
    // One comm per hop of the ring: part k's server sends to part k+1's (the last to the
    // first), over the datacenter network, sharing its links with every other flow.
    const size_t parts = r->gang.size();
    for (size_t k = 0; k < parts; ++k) {
      sg4::Host* from = st_.platform.servers[static_cast<size_t>(r->gang[k].server)];
      sg4::Host* to = st_.platform.servers[static_cast<size_t>(r->gang[(k + 1) % parts].server)];
      sg4::CommPtr c = sg4::Comm::sendto_init(from, to);
      c->set_payload_size(static_cast<uint64_t>(bytes));
      c->start();
      pending_.push_back(Pending{c, r, {}});
      ++n;
    }
  }
  if (n == 0) {  // nothing to wait for (an empty step): on to the next
    advance(r);
    return;
  }
  outstanding_[r] = n;
}

void ServerAgent::on_part_compute(const AgentMsg& m) {
  // The leader marked the slices busy: neighbours' shares change before the exec starts.
  for (int g : m.gpus) reapply(g);
  for (int g : m.gpus) {
    sg4::ExecPtr e = st_.rates.start(g, m.owner, m.work);
    Pending p{e, nullptr, {}, g};
    p.part_of = m.run_id;
    pending_.push_back(std::move(p));
  }
  part_execs_[m.run_id] += static_cast<int>(m.gpus.size());
}

void ServerAgent::on_part_done(int64_t run_id) {
  auto it = st_.runs.find(run_id);
  if (it == st_.runs.end()) return;  // aborted and gone
  StageRun* r = it->second.get();
  auto o = outstanding_.find(r);
  if (r->aborting || r->phase != Phase::compute || o == outstanding_.end()) return;
  if (--o->second > 0) return;
  outstanding_.erase(o);
  advance(r);
}

void ServerAgent::cancel_parts(StageRun* r) {
  for (size_t k = 1; k < r->gang.size(); ++k) {
    auto* msg = new AgentMsg{AgentMsg::Kind::part_cancel, nullptr, {}, r->id};
    for (const GpuSlot& slot : r->gang[k].slots) msg->gpus.push_back(slot.gpu);
    st_.agent_mailboxes[static_cast<size_t>(r->gang[k].server)]->put_init(msg, 0)->detach();
  }
}

void ServerAgent::on_part_cancel(const AgentMsg& m) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->part_of != m.run_id) {
      ++it;
      continue;
    }
    st_.rates.finished(it->gpu, it->activity.get());
    it->activity->cancel();
    it = pending_.erase(it);
  }
  part_execs_.erase(m.run_id);
  for (int g : m.gpus) reapply(g);  // the slices are idle now
}

void ServerAgent::on_part_pull(const AgentMsg& m) {
  auto it = st_.runs.find(m.run_id);
  if (it == st_.runs.end()) return;  // aborted and gone
  const StageRun& r = *it->second;
  const ImageSpec& img =
      st_.workflow_of(st_.jobs[static_cast<size_t>(r.job)]).stages[static_cast<size_t>(r.stage)].image;
  if (pull_image(img, nullptr, m.run_id)) reply_pulled(m.run_id);
}

void ServerAgent::reply_pulled(int64_t run_id) {
  auto it = st_.runs.find(run_id);
  if (it == st_.runs.end()) return;
  st_.agent_mailboxes[static_cast<size_t>(it->second->agent)]
      ->put_init(new AgentMsg{AgentMsg::Kind::part_pulled, nullptr, {}, run_id}, 0)
      ->detach();
}

void ServerAgent::on_part_pulled(int64_t run_id) {
  auto it = st_.runs.find(run_id);
  if (it == st_.runs.end()) return;  // aborted and gone
  StageRun* r = it->second.get();
  if (r->aborting || r->phase != Phase::pull) return;
  pulled(r);
}

}  // namespace vgpusim::engine
