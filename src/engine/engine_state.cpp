#include "engine_state.hpp"

#include "vgpusim/cluster/gpu_share.hpp"

namespace vgpusim::engine {

void EngineState::set_busy(const StageRun& r, bool busy) {
  cluster.set_busy(r.id, busy);
  touch_gpus(r.placement);
}

void EngineState::touch_gpu(int g) {
  const auto gi = static_cast<size_t>(g);
  if (accounts_.size() < cluster.gpus().size()) accounts_.resize(cluster.gpus().size());
  GpuAccount& a = accounts_[gi];
  GpuRecord& rec = result.gpus[gi];
  const double now = simgrid::s4u::Engine::get_clock();
  rec.allocated_time += a.allocated * (now - a.since);
  rec.busy_time += a.busy * (now - a.since);
  a.since = now;
  const GpuState& gpu = cluster.gpu(g);
  a.allocated = gpu.allocated_milli() / 1000.0;
  busy_total_ -= a.busy;
  a.busy = 0;
  GpuShares shares = compute_gpu_shares(cluster.pools()[static_cast<size_t>(gpu.pool)], gpu);
  for (const SliceShare& s : shares.slices) a.busy += s.rate;
  busy_total_ += a.busy;
}

void EngineState::close_accounting() {
  for (size_t g = 0; g < cluster.gpus().size(); ++g) touch_gpu(static_cast<int>(g));
}

}  // namespace vgpusim::engine
