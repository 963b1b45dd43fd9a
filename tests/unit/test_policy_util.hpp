#pragma once
// Small hand-built clusters for the policy tests.
#include <deque>
#include <string>

#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/policy/policy.hpp"

namespace vgpusim::test {

inline const GpuModel* synthetic_model(const std::string& name) {
  static std::deque<GpuModel> models;
  for (const auto& m : models)
    if (m.name == name) return &m;
  GpuModel g;
  g.name = name;
  g.vgpu_prefix = name;
  models.push_back(g);
  return &models.back();
}

inline PoolSlicing shared_slicing() {
  PoolSlicing s;
  s.mode = SliceMode::shared;
  return s;
}

inline Request milli_request(int64_t id, int64_t cpu, int milli, int count = 1) {
  Request r;
  r.id = id;
  r.cpu_milli = cpu;
  r.memory_mib = 1024;
  if (count > 0) {
    r.gpu.kind = GpuDemand::Kind::milli;
    r.gpu.milli = milli;
    r.gpu.count = count;
  }
  return r;
}

/// Places a milli request of `cpu` and `milli` on one GPU directly (pre-existing load).
inline void preload(ClusterState& c, int64_t id, int server, int gpu, int64_t cpu, int milli) {
  Request r = milli_request(id, cpu, milli);
  c.allocate(r, Placement{server, {{gpu, 0}}});
}

inline Decision decide(const std::string& policy, const Request& r, const ClusterState& c,
                       uint64_t seed = 1, PolicyContext ctx = {}) {
  ctx.seed = seed;
  auto p = policy_registry().get(policy).factory(ctx);
  std::vector<const Request*> q;
  return p->place(r, ClusterView{c, q, 0});
}

inline Placement placed(const Decision& d) {
  const auto* p = std::get_if<PlaceDecision>(&d);
  if (!p) throw std::runtime_error("expected a placement");
  return p->placement;
}

}  // namespace vgpusim::test
