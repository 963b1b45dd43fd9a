#pragma once
// Applies the share model (cluster/gpu_share.hpp) to the execs running on each GPU host.
//
// Concurrent execs on one GPU host share it max-min fairly, which is exactly best_effort
// time slicing without switch overhead: such GPUs run their execs unbounded and SimGrid
// does the sharing. Everywhere else (a cap below the whole board, or a context-switch
// overhead) each busy exec is bounded at rate x kGpuSpeed, the rate the model gives it.
// SimGrid 3.32 refuses Exec::set_bound once an exec has started, so changing a running
// exec's bound means replacing it: suspend, read the remaining work, cancel, start a new
// exec of that work with the new bound. Replacements are exact (no work lost or added).
//
// Every exec on a GPU belongs to a stage placed on that GPU's server, so the server's agent
// is the only actor that starts, replaces or waits on them: it calls apply() whenever the
// set of resident or busy slices of one of its GPUs changes, and swaps replaced execs in
// its wait list through the callback.
#include <cstdint>
#include <functional>
#include <simgrid/s4u.hpp>
#include <vector>

#include "platform_builder.hpp"
#include "vgpusim/cluster/cluster_state.hpp"

namespace vgpusim::engine {

class GpuRateControl {
 public:
  using Replaced = std::function<void(const simgrid::s4u::ActivityPtr& old_exec,
                                      const simgrid::s4u::ExecPtr& new_exec)>;

  GpuRateControl(const ClusterState& cluster, const Platform& platform)
      : cluster_(cluster), platform_(platform) {}

  /// Starts an exec of `work` units for `run` on GPU `gpu` at the rate the model gives
  /// its slice now, and registers it. The run's slice must already be marked busy.
  simgrid::s4u::ExecPtr start(int gpu, int64_t run, double work);
  /// Forgets a finished exec (no-op when it is not registered).
  void finished(int gpu, const simgrid::s4u::Activity* exec);
  /// Re-applies the model to every exec registered on `gpu`; each exec whose bound must
  /// change is replaced and reported to `on_replace`. Returns the number replaced.
  int apply(int gpu, const Replaced& on_replace);

  /// Execs replaced so far (for the log / tests of the mechanism).
  int64_t replacements() const { return replacements_; }

 private:
  struct Entry {
    int64_t run = 0;
    simgrid::s4u::ExecPtr exec;
    double bound = -1;  // in units/s; < 0: unbounded (SimGrid's max-min sharing)
  };
  // Bound per resident slice of `gpu` (GpuState::slices order), -1 for unbounded.
  void target_bounds(int gpu, std::vector<double>& out) const;
  // The bound for the `nth` slice of `run` on the GPU (a run may hold two slices of one
  // GPU), -1 when none.
  static double bound_of(const GpuState& g, const std::vector<double>& bounds, int64_t run,
                         int nth);
  std::vector<Entry>& entries(int gpu);
  simgrid::s4u::ExecPtr launch(int gpu, double work, double bound) const;

  const ClusterState& cluster_;
  const Platform& platform_;
  std::vector<std::vector<Entry>> by_gpu_;
  std::vector<double> scratch_;
  int64_t replacements_ = 0;
};

}  // namespace vgpusim::engine
