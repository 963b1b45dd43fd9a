#include "engine_state.hpp"

#include <cmath>

#include "vgpusim/cluster/gpu_share.hpp"

namespace vgpusim::engine {

void EngineState::open_interval(StageRun& r) {
  PlacementInterval iv;
  iv.stage = r.record;
  iv.vm = r.vm ? r.vm->get_name() : std::string();
  iv.server = platform.server_names[static_cast<size_t>(r.placement.server)];
  iv.pool = scenario.pools[static_cast<size_t>(
                               platform.server_pool[static_cast<size_t>(r.placement.server)])]
                .name;
  for (const GpuSlot& s : r.placement.slots) {
    iv.gpus += (iv.gpus.empty() ? "" : ";") + std::to_string(s.gpu);
    for (const Slice& sl : cluster.gpu(s.gpu).slices)
      if (sl.owner == r.id) {
        const std::string what = !sl.vgpu_type.empty()     ? sl.vgpu_type
                                 : !sl.mig_profile.empty() ? sl.mig_profile
                                                           : std::to_string(sl.milli) + "m";
        iv.slices += (iv.slices.empty() ? "" : ";") + what;
      }
  }
  iv.from = simgrid::s4u::Engine::get_clock();
  StageRecord& rec = result.stages[r.record];
  rec.server = iv.server;
  rec.pool = iv.pool;
  rec.gpus = iv.gpus;
  rec.slices = iv.slices;
  rec.gpu_count = static_cast<int>(r.placement.slots.size());
  r.interval = result.placements.size();
  result.placements.push_back(std::move(iv));
}

void EngineState::close_interval(const StageRun& r) {
  PlacementInterval& iv = result.placements[r.interval];
  iv.to = simgrid::s4u::Engine::get_clock();
  iv.ended = "migrated";
}

void EngineState::note_event(std::string kind, std::string target) {
  result.events.push_back(
      {simgrid::s4u::Engine::get_clock(), std::move(kind), std::move(target)});
}

void EngineState::set_busy(const StageRun& r, bool busy) {
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
    GpuRecord& rec = result.gpus[gi];
    rec.allocated_time += a.allocated * (now - a.since);
    rec.busy_time += a.busy * (now - a.since);
    rec.fragmented_time += a.fragmented * (now - a.since);
    a.since = now;
    const GpuState& gpu = cluster.gpu(g);
    int64_t& pool_alloc = pool_allocated_[static_cast<size_t>(gpu.pool)];
    pool_alloc -= static_cast<int64_t>(std::llround(a.allocated * 1000));
    a.allocated = gpu.allocated_milli() / 1000.0;
    pool_alloc += gpu.allocated_milli();
    a.fragmented = fragmentation.gpu_fragmented_milli(g) / 1000.0;
    busy_total_ -= a.busy;
    a.busy = 0;
    GpuShares shares = compute_gpu_shares(cluster.pools()[static_cast<size_t>(gpu.pool)], gpu);
    for (const SliceShare& sh : shares.slices) a.busy += sh.rate;
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
