#include "gpu_rate_control.hpp"

#include <algorithm>
#include <cmath>

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {
namespace {

bool same_bound(double a, double b) {
  if (a < 0 || b < 0) return a < 0 && b < 0;
  return std::abs(a - b) <= 1e-12 * std::max(a, b);
}

}  // namespace

std::vector<GpuRateControl::Entry>& GpuRateControl::entries(int gpu) {
  // Sized once for every GPU of the platform (built after this object): growing it later
  // would move the lists under a caller holding one (a migration's adopt did; valgrind).
  if (by_gpu_.size() <= static_cast<size_t>(gpu))
    by_gpu_.resize(std::max(static_cast<size_t>(gpu) + 1, platform_.gpus.size()));
  return by_gpu_[static_cast<size_t>(gpu)];
}

void GpuRateControl::target_bounds(int gpu, std::vector<double>& out) const {
  const GpuShares shares = cluster_.shares_of(gpu);
  out.assign(shares.slices.size(), -1.0);
  if (shares.free_sharing()) return;
  for (size_t i = 0; i < shares.slices.size(); ++i) {
    const SliceShare& s = shares.slices[i];
    // An idle slice has no exec; should one appear, it may use no more than its cap.
    const double rate = s.busy && s.rate > 0 ? s.rate : s.cap * shares.capacity;
    out[i] = rate * kGpuSpeed;
  }
}

double GpuRateControl::bound_of(const GpuState& g, const std::vector<double>& bounds, int64_t run,
                                int nth) {
  for (size_t i = 0; i < g.slices.size() && i < bounds.size(); ++i)
    if (g.slices[i].owner == run && nth-- == 0) return bounds[i];
  return -1;
}

sg4::ExecPtr GpuRateControl::launch(int gpu, double work, double bound) const {
  sg4::ExecPtr e = sg4::this_actor::exec_init(work);  // keep the ExecPtr: `auto` would dangle
  e->set_host(platform_.gpus[static_cast<size_t>(gpu)]);
  if (bound > 0) e->set_bound(bound);
  e->start();
  return e;
}

sg4::ExecPtr GpuRateControl::start(int gpu, int64_t run, double work) {
  std::vector<Entry>& list = entries(gpu);
  target_bounds(gpu, scratch_);
  const int nth = static_cast<int>(
      std::count_if(list.begin(), list.end(), [&](const Entry& e) { return e.run == run; }));
  const double bound = bound_of(cluster_.gpu(gpu), scratch_, run, nth);
  sg4::ExecPtr e = launch(gpu, work, bound);
  entries(gpu).push_back(Entry{run, e, bound});  // `list` may be stale after the simcall
  return e;
}

void GpuRateControl::finished(int gpu, const sg4::Activity* exec) {
  std::vector<Entry>& list = entries(gpu);
  std::erase_if(list, [&](const Entry& e) { return e.exec.get() == exec; });
}

int GpuRateControl::apply(int gpu, const Replaced& on_replace) {
  std::vector<Entry>& list = entries(gpu);
  if (list.empty()) return 0;
  // Not scratch_: the replacements below are simcalls, during which other agents use it.
  std::vector<double> bounds;
  target_bounds(gpu, bounds);
  const GpuState& g = cluster_.gpu(gpu);
  int replaced = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    Entry& e = list[i];
    int nth = 0;
    for (size_t j = 0; j < i; ++j) nth += list[j].run == e.run;
    const double want = bound_of(g, bounds, e.run, nth);
    if (same_bound(want, e.bound)) continue;
    // Finished at this very instant but not yet seen by the agent: leave it to wait_any.
    if (e.exec->test()) continue;
    e.exec->suspend();
    const double left = e.exec->get_remaining();
    e.exec->cancel();
    sg4::ExecPtr now = launch(gpu, left, want);
    on_replace(e.exec, now);
    e.exec = now;
    e.bound = want;
    ++replaced;
  }
  replacements_ += replaced;
  return replaced;
}

}  // namespace vgpusim::engine
