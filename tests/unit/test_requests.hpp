#pragma once
// Request builders shared by the cluster and policy tests.
#include "vgpusim/cluster/cluster_state.hpp"

namespace vgpusim::test {

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
