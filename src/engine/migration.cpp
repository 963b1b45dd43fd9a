#include "migration.hpp"

#include <fmt/format.h>
#include <simgrid/plugins/live_migration.h>
#include <spdlog/spdlog.h>

#include <map>

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {
namespace {

/// What the SimGrid signals measure about one migration in flight.
struct Observed {
  bool in_plugin = false;  // inside sg_vm_migrate
  double ram_bytes = 0;
  int sends = 0;  // plugin messages with data: stage 1, stage-2 rounds, stage 3
  double stun_start = -1, stun_end = -1;
};
// Keyed by VM name: the plugin names its mailboxes after the VM. SimGrid runs one engine
// per process, so process-wide state is the engine's own scope here.
std::map<std::string, Observed>& observed() {
  static std::map<std::string, Observed> m;
  return m;
}
int g_in_flight = 0;

const char* phase_name(Phase p) {
  switch (p) {
    case Phase::init:
      return "init";
    case Phase::pull:
      return "image pull";
    case Phase::read:
      return "dataset read";
    case Phase::compute:
      return "compute";
    case Phase::checkpoint:
      return "checkpoint";
    case Phase::write:
      return "output write";
    case Phase::done:
      return "done";
  }
  return "?";
}

/// Copies `bytes` from `from` to `to` at most at `rate` (0: uncapped): a sender actor on
/// the source (so that the traffic leaves its NIC) and a receiver on the destination.
/// Comm::sendto would ignore the rate (SPEC 1), hence the mailbox pair.
sg4::ActorPtr copy_bytes(const std::string& name, sg4::Host* from, sg4::Host* to, double bytes,
                         double rate) {
  sg4::Mailbox* mb = sg4::Mailbox::by_name(name);
  sg4::Actor::create(name + ":tx", from, [mb, bytes, rate]() {
    sg4::CommPtr c = mb->put_init(new int(0), static_cast<uint64_t>(bytes));
    if (rate > 0) c->set_rate(rate);
    c->wait();
  });
  return sg4::Actor::create(name + ":rx", to, [mb]() { mb->get_unique<int>(); });
}

double framebuffer_bytes(const EngineState& st, const StageRun& r) {
  double fb = 0;
  for (const GpuSlot& s : r.placement.slots)
    for (const Slice& sl : st.cluster.gpu(s.gpu).slices)
      if (sl.owner == r.id) fb += static_cast<double>(sl.framebuffer_mib) * 1024.0 * 1024.0;
  return fb;
}

void ask_agent(EngineState& st, int agent, AgentMsg::Kind kind, StageRun* r, sg4::Mailbox* reply) {
  st.agent_mailboxes[static_cast<size_t>(agent)]->put_init(new AgentMsg{kind, r, {}}, 0)->detach();
  reply->get_unique<int>();
}

void run_migration(EngineState& st, StageRun* r, Placement dst, std::string reason) {
  const MigrationSpec& spec = st.scenario.migration;
  sg4::VirtualMachine* vm = st.vm_of(*r);
  sg4::Host* src_host = st.platform.servers[static_cast<size_t>(r->server)];
  sg4::Host* dst_host = st.platform.servers[static_cast<size_t>(dst.server)];
  MigrationRecord rec;  // job and stage: filled in by the recorder
  rec.vm = vm->get_name();
  rec.source = st.platform.server_names[static_cast<size_t>(r->server)];
  rec.destination = st.platform.server_names[static_cast<size_t>(dst.server)];
  rec.reason = reason;
  rec.start = sg4::Engine::get_clock();
  rec.framebuffer_bytes = framebuffer_bytes(st, *r);
  Observed& obs = observed()[rec.vm];
  obs = Observed{};

  const WorkflowSpec& wf = st.workflow_of(st.jobs[static_cast<size_t>(r->job)]);
  const double dirty_intensity =
      wf.migration_dirty_intensity >= 0 ? wf.migration_dirty_intensity : spec.dirty_intensity;
  const double working_set = wf.migration_working_set >= 0 ? wf.migration_working_set : spec.working_set;
  if (spec.bandwidth > 0) sg_vm_set_migration_speed(vm, spec.bandwidth);
  sg_vm_set_dirty_page_intensity(vm, dirty_intensity);
  sg_vm_set_working_set_memory(vm,
                               static_cast<sg_size_t>(working_set * static_cast<double>(vm->get_ramsize())));
  // The plugin dirties pages in proportion to the flops computed inside the VM. A GPU
  // stage's guest keeps one vCPU busy feeding its GPU: that is what dirties its RAM.
  sg4::ExecPtr guest;
  if (dirty_intensity > 0 && r->phase == Phase::compute && !r->placement.slots.empty()) {
    // Long enough for any migration (a million seconds), small enough that the plugin's
    // `amount - remaining` keeps its precision in doubles.
    guest = sg4::this_actor::exec_init(vm->get_pm()->get_speed() * 1e6);
    guest->set_host(vm);
    guest->start();
  }
  const bool precopy = spec.framebuffer == MigrationSpec::Framebuffer::precopy;
  const std::string fb_name = "fb:" + rec.vm;
  sg4::ActorPtr fb_rx;
  // The vGPU state moves at framebuffer_efficiency of the rate the network gives the copy
  // (measured stuns are longer than framebuffer / line rate): as many more bytes on the wire.
  const double fb_wire = rec.framebuffer_bytes / spec.framebuffer_efficiency;
  if (precopy && rec.framebuffer_bytes > 0)
    fb_rx = copy_bytes(fb_name, src_host, dst_host, fb_wire, spec.bandwidth);

  obs.in_plugin = true;
  sg_vm_migrate(vm, dst_host);
  obs.in_plugin = false;

  // Stop the VM again and its stage with it while the vGPU state moves.
  const double stop = sg4::Engine::get_clock();
  vm->suspend();
  sg4::Mailbox* reply = sg4::Mailbox::by_name(fmt::format("mig-{}", r->id));
  ask_agent(st, r->agent, AgentMsg::Kind::detach, r, reply);
  if (!precopy && rec.framebuffer_bytes > 0)
    fb_rx = copy_bytes(fb_name, src_host, dst_host, fb_wire, spec.bandwidth);
  if (fb_rx) fb_rx->join();
  // Fixed part of every stun: stopping the guest, checkpointing the device, resuming it on
  // the destination (the intercept of the measured stun-time line).
  if (spec.switchover > 0) sg4::this_actor::sleep_for(spec.switchover);

  // Switch-over, in one step of this actor (no other actor runs meanwhile).
  const Placement old = r->placement;
  bool busy = false;
  for (const GpuSlot& s : old.slots)
    for (const Slice& sl : st.cluster.gpu(s.gpu).slices)
      if (sl.owner == r->id && sl.busy) busy = true;
  st.cluster.release(r->id);
  st.cluster.release(kReservationBase + r->id);
  st.cluster.allocate(r->request, dst);
  if (busy) st.cluster.set_busy(r->id, true);
  r->server = dst.server;
  r->placement = dst;
  // The interval on the source ends at the switch-over; one on the destination begins.
  st.recorder.stage_moved(r->record, sg4::Engine::get_clock(), st.where(*r));
  st.touch_gpus(old);
  st.touch_gpus(dst);
  ask_agent(st, dst.server, AgentMsg::Kind::adopt, r, reply);
  vm->resume();
  if (guest) guest->cancel();
  if (!old.slots.empty()) {
    auto* msg = new AgentMsg{AgentMsg::Kind::reapply, nullptr, {}};
    for (const GpuSlot& s : old.slots) msg->gpus.push_back(s.gpu);
    st.agent_mailboxes[static_cast<size_t>(old.server)]->put_init(msg, 0)->detach();
  }

  rec.end = sg4::Engine::get_clock();
  rec.ram_bytes = obs.ram_bytes;
  rec.precopy_rounds = std::max(0, obs.sends - 2);
  const double plugin_stun =
      obs.stun_start >= 0 && obs.stun_end >= obs.stun_start ? obs.stun_end - obs.stun_start : 0;
  rec.downtime = plugin_stun + (rec.end - stop);
  observed().erase(rec.vm);
  spdlog::debug("{} migrated {} -> {} ({}): {:.3f} s, downtime {:.4f} s", rec.vm,
                rec.source, rec.destination, reason, rec.total(), rec.downtime);
  st.recorder.migration_done(r->record, std::move(rec));
  --g_in_flight;
  st.controller_mailbox->put_init(new CtrlMsg{CtrlMsg::Kind::migration_done, r->id}, 0)->detach();
}

}  // namespace

void install_migration_observers() {
  const std::string prefix = "__mbox_mig_src_dst:";
  sg4::Comm::on_send_cb([prefix](const sg4::Comm& c) {
    const sg4::Mailbox* mb = c.get_mailbox();
    if (!mb) return;
    const std::string& name = mb->get_name();
    if (name.compare(0, prefix.size(), prefix) != 0) return;
    auto it = observed().find(name.substr(prefix.size(), name.find('(') - prefix.size()));
    if (it == observed().end()) return;
    it->second.ram_bytes += c.get_remaining();
    ++it->second.sends;
  });
  sg4::VirtualMachine::on_suspend_cb([](const sg4::VirtualMachine& vm) {
    auto it = observed().find(vm.get_name());
    if (it != observed().end() && it->second.in_plugin)
      it->second.stun_start = sg4::Engine::get_clock();
  });
  sg4::VirtualMachine::on_resume_cb([](const sg4::VirtualMachine& vm) {
    auto it = observed().find(vm.get_name());
    if (it != observed().end() && it->second.in_plugin)
      it->second.stun_end = sg4::Engine::get_clock();
  });
}

std::optional<Refusal> movable(const EngineState& st, const StageRun& r) {
  if (r.migrating) return Refusal{MoveRefusal::already_migrating, "already migrating"};
  if (r.aborting) return Refusal{MoveRefusal::being_stopped, "being stopped"};
  if (!r.gang.empty())
    return Refusal{MoveRefusal::gang, "a gang spanning servers does not live-migrate (its "
                                      "parts would have to move together)"};
  if (r.phase != Phase::compute)
    return Refusal{MoveRefusal::not_computing,
                   fmt::format("its stage is in the {} phase (only computing stages move)",
                               phase_name(r.phase))};
  if (!r.placement.slots.empty()) {
    const SliceMode mode = st.cluster.pool_of_gpu(r.placement.slots.front().gpu).slicing.mode;
    if (mode == SliceMode::passthrough)
      return Refusal{MoveRefusal::passthrough, "passthrough GPUs cannot be live-migrated"};
    if (mode == SliceMode::shared)
      return Refusal{MoveRefusal::shared_mode,
                     "milli-GPU shares (shared mode) carry no migratable vGPU state"};
  }
  return std::nullopt;
}

namespace {
std::optional<Refusal> board_check(const EngineState& st, const StageRun& r, int dst) {
  if (dst == r.server)
    return Refusal{MoveRefusal::same_server, "destination is the source server"};
  const ClusterState& c = st.cluster;
  if (dst < 0 || dst >= static_cast<int>(c.servers().size()))
    return Refusal{MoveRefusal::no_such_server, fmt::format("no server {}", dst)};
  if (!r.placement.slots.empty()) {
    const GpuModel* src_model = c.gpu(r.placement.slots.front().gpu).model;
    const GpuModel* dst_model = c.pools()[static_cast<size_t>(c.server(dst).pool)].model;
    if (dst_model != src_model)
      return Refusal{MoveRefusal::other_board,
                     fmt::format("server {} has {} GPUs, the VM's vGPUs are on {}",
                                 c.server(dst).name, dst_model ? dst_model->name : "no",
                                 src_model->name)};
  }
  return std::nullopt;
}
}  // namespace

std::optional<Refusal> plan_move(const EngineState& st, const StageRun& r, int dst,
                                 Placement* out) {
  if (auto why = board_check(st, r, dst)) return why;
  Request q = r.request;
  q.id = kReservationBase + r.id;
  std::string why;
  auto p = st.cluster.best_fit_on(q, dst, &why);
  if (!p || !st.cluster.check(q, *p, &why)) return Refusal{MoveRefusal::slicing_rule, why};
  *out = *p;
  return std::nullopt;
}

std::optional<Refusal> check_move(const EngineState& st, const StageRun& r,
                                  const Placement& dst) {
  if (auto why = board_check(st, r, dst.server)) return why;
  Request q = r.request;
  q.id = kReservationBase + r.id;
  std::string why;
  if (!st.cluster.check(q, dst, &why)) return Refusal{MoveRefusal::slicing_rule, why};
  return std::nullopt;
}

std::optional<Refusal> find_destination(const EngineState& st, const StageRun& r,
                                        Placement* out) {
  std::string first_reason;
  const int n = static_cast<int>(st.cluster.servers().size());
  for (int s = 0; s < n; ++s) {
    if (s == r.server) continue;
    auto why = plan_move(st, r, s, out);
    if (!why) return std::nullopt;
    if (first_reason.empty()) first_reason = why->text;
  }
  return Refusal{MoveRefusal::no_destination,
                 "no server can host it (" +
                     (first_reason.empty() ? std::string("no other server") : first_reason) + ")"};
}

void start_migration(EngineState& st, StageRun& r, const Placement& dst,
                     const std::string& reason) {
  Request q = r.request;
  q.id = kReservationBase + r.id;
  st.cluster.allocate(q, dst);
  st.touch_gpus(dst);
  r.migrating = true;
  ++g_in_flight;
  StageRun* run = &r;
  sg4::Actor::create(fmt::format("migrate-{}", r.id), st.platform.control,
                     [&st, run, dst, reason]() { run_migration(st, run, dst, reason); });
}

int migrations_in_flight() {
  return g_in_flight;
}

}  // namespace vgpusim::engine
