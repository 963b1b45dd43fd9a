#include "engine_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "vgpusim/cluster/gang.hpp"
#include "vgpusim/cluster/gpu_share.hpp"

namespace vgpusim::engine {

bool on_server(const StageRun& r, int s) {
  if (r.gang.empty()) return r.server == s;
  return std::any_of(r.gang.begin(), r.gang.end(), [s](const Placement& p) { return p.server == s; });
}

bool uses_gpu(const StageRun& r, int g) {
  auto in = [g](const Placement& p) {
    return std::any_of(p.slots.begin(), p.slots.end(), [g](const GpuSlot& s) { return s.gpu == g; });
  };
  return r.gang.empty() ? in(r.placement) : std::any_of(r.gang.begin(), r.gang.end(), in);
}

StagePlacement EngineState::where(const StageRun& r) const {
  const auto server = static_cast<size_t>(r.placement.server);
  StagePlacement w;
  w.vm = fmt::format("vm-{}", r.id);  // its VM's name, whether created yet or not (vm_of)
  w.server = platform.server_names[server];
  w.pool = scenario.pools[static_cast<size_t>(platform.server_pool[server])].name;
  // A gang is on several servers: "a[0]+a[1]", its GPUs and slices part after part.
  const std::vector<Placement> one{r.placement};
  const std::vector<Placement>& parts = r.gang.empty() ? one : r.gang;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) w.server += "+" + platform.server_names[static_cast<size_t>(parts[k].server)];
    const int64_t owner = gang_part_owner(r.id, static_cast<int>(k));
    for (const GpuSlot& s : parts[k].slots) {
      w.gpus.push_back(s.gpu);
      for (const Slice& sl : cluster.gpu(s.gpu).slices)
        if (sl.owner == owner)
          w.slices.push_back(!sl.vgpu_type.empty()     ? sl.vgpu_type
                             : !sl.mig_profile.empty() ? sl.mig_profile
                                                       : std::to_string(sl.milli) + "m");
    }
  }
  return w;
}

void EngineState::record_job(JobState& j, double submit) {
  const WorkflowSpec& wf = workflow_of(j);
  j.record = recorder.job_created(j.id, wf.name, submit, static_cast<int>(wf.stages.size()));
  if (j.trace < 0) return;
  const auto t = static_cast<size_t>(j.trace);
  recorder.job_from_trace(j.record, scenario.trace.vcs[static_cast<size_t>(scenario.trace.vc_of[t])],
                          std::string(to_string(scenario.trace.jobs[t].status)));
}

int EngineState::vcpus_of(int job, int stage, const Request& r) const {
  const JobState& j = jobs[static_cast<size_t>(job)];
  if (j.trace >= 0) return std::max<int>(1, static_cast<int>((r.cpu_milli + 999) / 1000));
  return workflow_of(j).stages[static_cast<size_t>(stage)].vcpus;
}

simgrid::s4u::VirtualMachine* EngineState::vm_of(StageRun& r) {
  if (r.vm) return r.vm;
  const JobState& j = jobs[static_cast<size_t>(r.job)];
  const StageSpec& sp = workflow_of(j).stages[static_cast<size_t>(r.stage)];
  // SimGrid's VM RAM is in bytes: the live-migration plugin sends that many. A replayed
  // trace job's VM has the CPUs and memory it asked for in the trace.
  const int vcpus = vcpus_of(r.job, r.stage, r.request);
  const double memory =
      j.trace >= 0 ? static_cast<double>(r.request.memory_mib) * 1024.0 * 1024.0 : sp.memory;
  r.vm = platform.servers[static_cast<size_t>(r.server)]->create_vm(
      fmt::format("vm-{}", r.id), vcpus, static_cast<size_t>(memory));
  r.vm->start();
  return r.vm;
}

void EngineState::set_busy(const StageRun& r, bool busy) {
  for (size_t k = 1; k < r.gang.size(); ++k) {  // a gang's other parts
    cluster.set_busy(gang_part_owner(r.id, static_cast<int>(k)), busy);
    touch_server(r.gang[k].server, false);
  }
  cluster.set_busy(r.id, busy);
  // Busy flags change on every compute segment and serving batch; fragmentation depends on
  // allocation only, so it is not recomputed here.
  if (r.placement.server >= 0) touch_server(r.placement.server, false);
}

void EngineState::touch_server(int s, bool occupancy_changed) {
  if (accounts_.size() < cluster.gpus().size()) accounts_.resize(cluster.gpus().size());
  if (pool_allocated_.size() < cluster.pools().size())
    pool_allocated_.resize(cluster.pools().size());
  const double now = simgrid::s4u::Engine::get_clock();
  if (occupancy_changed) fragmentation.refresh_server(cluster, s);
  for (int g : cluster.server(s).gpus) {
    const auto gi = static_cast<size_t>(g);
    GpuAccount& a = accounts_[gi];
    recorder.gpu_interval(gi, now - a.since, a.allocated, a.busy, a.fragmented);
    a.since = now;
    const GpuState& gpu = cluster.gpu(g);
    int64_t& pool_alloc = pool_allocated_[static_cast<size_t>(gpu.pool)];
    pool_alloc -= static_cast<int64_t>(std::llround(a.allocated * 1000));
    a.allocated = gpu.allocated_milli() / 1000.0;
    pool_alloc += gpu.allocated_milli();
    a.fragmented = fragmentation.gpu_fragmented_milli(g) / 1000.0;
    busy_total_ -= a.busy;
    a.busy = 0;
    // Into a kept GpuShares (as a fresh one: capacity 1): one allocation per GPU per change
    // was ~2 % of bench/bare_overhead.sh's month slice.
    shares_.capacity = 1.0;
    compute_gpu_shares(cluster.pools()[static_cast<size_t>(gpu.pool)], gpu, shares_);
    for (const SliceShare& sh : shares_.slices) a.busy += sh.rate;
    busy_total_ += a.busy;
  }
}

void EngineState::init_fragmentation() {
  std::vector<int> jobs_per_workflow(scenario.workflows.size(), 0);
  for (const JobState& j : jobs) ++jobs_per_workflow[static_cast<size_t>(j.workflow)];
  fragmentation.init(cluster, scenario, jobs_per_workflow);
  for (const ServerState& s : cluster.servers()) touch_server(s.index);
}

void EngineState::close_accounting() {
  for (const ServerState& s : cluster.servers()) touch_server(s.index);
}

}  // namespace vgpusim::engine
