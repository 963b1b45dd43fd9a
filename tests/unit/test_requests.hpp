#pragma once
// Request builders shared by the cluster and policy tests.
#include <catch2/catch.hpp>

#include "vgpusim/cluster/cluster_state.hpp"

namespace vgpusim::test {

/// A board of the built-in catalog (the test fails when it is missing).
inline const GpuModel* builtin_board(const char* name) {
  const GpuModel* m = Catalog::builtin().find_gpu(name);
  REQUIRE(m != nullptr);
  return m;
}

/// A pool slicing of mode `m` with the defaults of the other settings.
inline PoolSlicing slicing_of(SliceMode m) {
  PoolSlicing s;
  s.mode = m;
  return s;
}

/// `count` whole GPUs, no CPU or memory.
inline Request whole_request(int64_t id, int count) {
  Request r;
  r.id = id;
  r.gpu.kind = GpuDemand::Kind::whole;
  r.gpu.count = count;
  return r;
}

/// One vGPU of `type`, no CPU or memory.
inline Request vgpu_unit(int64_t id, const char* type) {
  Request r;
  r.id = id;
  r.gpu.kind = GpuDemand::Kind::vgpu;
  r.gpu.vgpu_type = type;
  r.gpu.count = 1;
  return r;
}

}  // namespace vgpusim::test
