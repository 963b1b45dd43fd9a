#pragma once
// How fast each slice of one physical GPU computes, given which slices are busy (SPEC 2.2,
// 2.4). The engine turns these numbers into SimGrid exec bounds / sharing weights; the
// model itself is engine-free. Rules per mode (docs/slicing.md):
//   passthrough  the owner has the whole board: cap 1.
//   vgpu best_effort  busy vGPUs share the GPU equally, idle ones give up their turn
//                (work-conserving): weight 1 each, no cap, rate = capacity / busy.
//   vgpu equal_share  each vGPU gets 1/N, N = vGPUs resident (busy or not): cap 1/N.
//   vgpu fixed_share  each vGPU gets 1/max_equal of its type, whoever else is busy.
//   mig          isolated hardware: cap = compute_slices / the board's compute slices x mig_efficiency.
//   shared       each sharer is capped at milli/1000 (proportional share, as the
//                Kubernetes / Alibaba GPU-sharing schedulers allocate).
// Time-sliced modes (vgpu, shared) lose GPU time to context switches: the effective
// capacity is 1 - switch_overhead x (busy - 1), never below 0.5.
#include <cstdint>
#include <vector>

#include "vgpusim/cluster/gpu_state.hpp"

namespace vgpusim {

struct SliceShare {
  int64_t owner = -1;
  bool busy = false;
  double cap = 1.0;       // most of the board's peak this slice may use, whoever else is busy
  double weight = 1.0;    // relative weight among the busy slices that share what is left
  bool isolated = false;  // MIG: its own SMs and memory; neighbours never slow it down
  double rate = 0.0;      // fraction of the board's peak it runs at now (0 when idle)
};

struct GpuShares {
  double capacity = 1.0;           // effective capacity after context-switch overhead (time-sliced)
  int busy = 0;                    // busy slices
  std::vector<SliceShare> slices;  // same order as GpuState::slices

  /// No overhead, no cap and equal weights among the busy slices: SimGrid's own max-min
  /// split of the host among the running execs is then the model itself, nothing to bound.
  bool free_sharing() const;
};

/// 1 - switch_overhead x (busy - 1), clamped to [0.5, 1]; 1 when at most one is busy.
double effective_capacity(double switch_overhead, int busy);

/// The time-sliced overhead of `g` now: the mean over its busy slices of the pool's
/// switch_overhead (compute-bound) or small_kernel_overhead (Slice::small_kernels).
double switch_overhead_now(const PoolSlicing& slicing, const GpuState& g, const GpuShares& shares);

/// Shares of every resident slice of `g` under `pool`'s slicing (through its SliceRules).
void compute_gpu_shares(const PoolInfo& pool, const GpuState& g, GpuShares& out);
GpuShares compute_gpu_shares(const PoolInfo& pool, const GpuState& g);

/// Max-min fair split of `capacity` between the busy slices of `out` by weight, each held
/// to its cap; fills `rate` (time-sliced modes share this step).
void water_fill(double capacity, GpuShares& out);

}  // namespace vgpusim
