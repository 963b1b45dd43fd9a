#pragma once
// Bridges the engine-free share model (cluster/gpu_share.hpp) to exec bounds.
#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/cluster/gpu_share.hpp"

namespace vgpusim::engine {

/// The cap (fraction of the board) of `owner`'s slice on GPU `gpu`; 1 when uncapped.
inline double slice_cap(const ClusterState& cluster, int gpu, int64_t owner) {
  const GpuState& g = cluster.gpu(gpu);
  GpuShares shares = compute_gpu_shares(cluster.pools()[static_cast<size_t>(g.pool)], g);
  for (const SliceShare& s : shares.slices)
    if (s.owner == owner) return s.cap;
  return 1.0;
}

}  // namespace vgpusim::engine
