#include "vgpusim/engine/simulation.hpp"

#include <fmt/format.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/plugins/live_migration.h>
#include <spdlog/spdlog.h>
#include <xbt/log.h>

#include <chrono>

#include "controller.hpp"
#include "run_feedback.hpp"
#include "server_agent.hpp"
#include "vgpusim/scenario/arrivals.hpp"
#include "vgpusim/scenario/memory_estimate.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim {
namespace {

std::unique_ptr<sg4::Engine> make_engine(const SimulationOptions& o) {
  // SimGrid reads its settings from argv; ours go first so that --sg-cfg can override.
  // TCP-gamma (the TCP window) bounds every flow at gamma / (2 x route latency) once the
  // latency is above 0, and that bound *replaces* a rate set on the comm
  // (min(rate, gamma / 2lat)). With gamma 0 the bound was 0, which the LMM solver reads as
  // "unbounded": every set rate (migration.bandwidth, Comm::set_rate, the migration
  // plugin's speed) was lost as soon as latency > 0. A window of 1e20 bytes bounds no flow
  // (5e24 B/s at 10 us) and lets the set rates through. Actor stacks: memory_estimate.hpp.
  std::vector<std::string> args{"vgpusim",
                                "--log=root.thres:critical",
                                fmt::format("--cfg=contexts/stack-size:{}", kActorStackKiB),
                                "--cfg=network/model:CM02",
                                "--cfg=network/crosstraffic:0",
                                "--cfg=network/TCP-gamma:1e20",
                                "--cfg=network/bandwidth-factor:1",
                                "--cfg=network/latency-factor:1"};
  for (const auto& c : o.sg_cfg) args.push_back("--cfg=" + c);
  for (const auto& l : o.sg_log) args.push_back("--log=" + l);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  int argc = static_cast<int>(argv.size());
  auto e = std::make_unique<sg4::Engine>(&argc, argv.data());
  return e;
}

void init_records(engine::EngineState& st) {
  const Scenario& s = st.scenario;
  // The same racks as build_platform's (global server order, rack_size to a rack).
  st.cluster.set_rack_size(s.network.topology == "two-tier" ? s.network.rack_size : 0);
  for (const auto& pool : s.pools) {
    const GpuModel* model = s.catalog.find_gpu(pool.gpu_model);
    st.cluster.add_pool(pool.name, pool.slicing, model, pool.count, pool.gpus_per_server,
                        static_cast<int64_t>(pool.server.cpus) * 1000,
                        static_cast<int64_t>(pool.server.memory / (1024.0 * 1024.0)));
    PoolRecord pr;
    pr.name = pool.name;
    pr.model = model->name;
    pr.servers = pool.count;
    pr.gpus = pool.count * pool.gpus_per_server;
    st.recorder.add_pool(pr);
  }
  for (const GpuState& g : st.cluster.gpus()) {
    GpuRecord r;
    r.index = g.index;
    r.server = st.platform.server_names[static_cast<size_t>(g.server)];
    r.pool = st.cluster.pools()[static_cast<size_t>(g.pool)].name;
    r.model = g.model->name;
    r.mode = std::string(to_string(st.cluster.pools()[static_cast<size_t>(g.pool)].slicing.mode));
    st.recorder.add_gpu(r);
  }
  st.recorder.set_total_gpus(st.cluster.total_gpus());
}

}  // namespace

RunResult simulate(const Scenario& s, const SimulationOptions& options) {
  auto wall_start = std::chrono::steady_clock::now();
  auto e = make_engine(options);
  if (options.on_engine_created) options.on_engine_created();
  engine::stamp_logs_with_simulated_clock();
  sg_host_energy_plugin_init();
  sg_vm_live_migration_plugin_init();

  RunResult header;
  header.scenario = s.name;
  header.scenario_file = s.file;
  header.seed = s.seed;
  header.policy = s.policy.placement;
  header.queue = s.policy.queue;
  header.horizon = s.horizon;
  if (!s.trace.empty()) {
    TraceReplayRecord& t = header.trace;
    t.format = s.trace.format;
    t.rows = s.trace.rows;
    t.skipped_unfinished = s.trace.skipped_unfinished;
    t.skipped_no_duration = s.trace.skipped_no_duration;
    t.skipped_cpu_only = s.trace.skipped_cpu_only;
    t.vcs = s.trace.vcs;
    t.quota_milli = s.trace.quota_milli;
  }
  engine::EngineState st(s, std::move(header));
  st.platform = engine::build_platform(s);
  init_records(st);
  if (!options.out.empty()) st.recorder.stream_to(options.out, options.keep_records);

  std::vector<Arrival> arrivals = generate_arrivals(s);
  for (size_t i = 0; i < arrivals.size(); ++i) {
    engine::JobState j;
    j.id = static_cast<int64_t>(i + 1);
    j.workflow = arrivals[i].workflow;
    const WorkflowSpec& wf = s.workflows[static_cast<size_t>(j.workflow)];
    if (!wf.trace_jobs.empty()) j.trace = wf.trace_jobs[static_cast<size_t>(arrivals[i].index)];
    st.jobs.push_back(j);  // its record opens when it arrives (Controller::on_arrival)
  }
  st.init_fragmentation();  // task types from the jobs, on the still empty cluster

  PolicyContext pctx;
  pctx.params = s.policy.params;
  pctx.seed = s.seed;
  pctx.workload = s.task_stream.target_workload;  // FGD's target workload, from the import
  auto policy = policy_registry().get(s.policy.placement).factory(pctx);
  QueueContext qctx;
  qctx.params = s.policy.queue_params;
  qctx.params["backfill"] = s.policy.backfill;
  qctx.params["backfill_window"] = std::to_string(s.policy.backfill_window);
  auto queue = queue_registry().get(s.policy.queue).factory(qctx);

  st.controller_mailbox = sg4::Mailbox::by_name("controller");
  sg4::Host* control = st.platform.control;
  for (size_t i = 0; i < st.platform.servers.size(); ++i) {
    st.agent_mailboxes.push_back(sg4::Mailbox::by_name("agent-" + std::to_string(i)));
    auto agent = std::make_shared<engine::ServerAgent>(st, static_cast<int>(i));
    sg4::Actor::create("agent-" + std::to_string(i), control, [agent]() { (*agent)(); });
  }
  auto controller = std::make_shared<engine::Controller>(st, std::move(policy), std::move(queue));
  if (s.outputs.decisions || options.explain_job > 0) {
    controller->record_decisions(s.outputs.decisions ? 0 : options.explain_job);
    st.recorder.record_decisions();
  }
  sg4::Actor::create("controller", control, [controller]() { (*controller)(); });
  sg4::Actor::create("arrivals", control, [&st, arrivals]() {
    // Job arrivals and imported tasks (in their order, at their submit times), merged by
    // time; a job goes first on a tie.
    const auto& tasks = st.scenario.task_stream.tasks;
    size_t i = 0;
    size_t k = 0;
    while (i < arrivals.size() || k < tasks.size()) {
      const bool job =
          k == tasks.size() || (i < arrivals.size() && arrivals[i].time <= tasks[k].submit_time);
      sg4::this_actor::sleep_until(job ? arrivals[i].time : tasks[k].submit_time);
      auto* m = job ? new engine::CtrlMsg{engine::CtrlMsg::Kind::arrival, static_cast<int64_t>(i++)}
                    : new engine::CtrlMsg{engine::CtrlMsg::Kind::task, static_cast<int64_t>(k++)};
      // A blocking put, not a detached one: SimGrid 3.32 keeps every detached comm (and every
      // host-to-host data transfer, which Comm::sendto_init detaches) in one list that each
      // detached comm's end walks whole, so tens of thousands of arrivals during the image
      // pulls cost a walk over every pull in flight each (docs/performance.md, "Cost over bare
      // SimGrid"). The controller always listens, so the put ends at the instant it is made.
      st.controller_mailbox->put(m, 0);
    }
    st.controller_mailbox->put_init(new engine::CtrlMsg{engine::CtrlMsg::Kind::arrivals_done, 0}, 0)
        ->detach();
  });

  if (options.progress) {
    const RunRecorder* rec = &st.recorder;
    engine::show_progress([rec]() { return static_cast<long>(rec->jobs_finished()); },
                          static_cast<long>(arrivals.size()), s.horizon);
  }
  // The controller ends the run itself when work is stuck (controller_stuck.cpp); a SimGrid
  // deadlock (actors waiting on activities that will never complete) is reported the same
  // way, with the stages left unfinished.
  sg4::Engine::on_deadlock_cb([&st]() {
    if (st.recorder.stuck("SimGrid deadlock: actors wait on activities that will never complete",
                          sg4::Engine::get_clock()))
      st.recorder.unfinished_stages_stuck();
  });
  if (s.horizon > 0)
    e->run_until(s.horizon);
  else
    e->run();

  engine::end_progress();
  // Jobs that never arrived (past the horizon, or the run found stuck) get their rows now.
  for (size_t i = 0; i < st.jobs.size(); ++i)
    if (st.jobs[i].record == engine::JobState::kNoRecord) st.record_job(st.jobs[i], arrivals[i].time);
  st.close_accounting();
  const double end_time = sg4::Engine::get_clock();
  for (size_t g = 0; g < st.platform.gpus.size(); ++g)
    st.recorder.gpu_energy(g, sg_host_get_consumed_energy(st.platform.gpus[g]));
  for (size_t i = 0; i < st.platform.servers.size(); ++i)
    st.recorder.server_energy(st.platform.server_pool[i],
                              sg_host_get_consumed_energy(st.platform.servers[i]));
  std::vector<double> price_per_hour;
  for (const auto& pool : s.pools) {
    const GpuModel* m = s.catalog.find_gpu(pool.gpu_model);
    price_per_hour.push_back(m && m->price_per_hour > 0 ? m->price_per_hour : -1);  // -1: none
  }
  // SimGrid keeps global state and may still hold actors stopped by the horizon: the
  // engine is left to the process exit instead of being torn down here.
  (void)e.release();
  return st.recorder.finish(
      end_time, price_per_hour,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
}

}  // namespace vgpusim
