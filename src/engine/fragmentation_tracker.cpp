#include "fragmentation_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace vgpusim::engine {
namespace {

// Stages that ask the same of a server are one task type.
using TypeKey = std::tuple<int, int, std::string, int, std::vector<std::string>, int64_t, int64_t>;

TypeKey key_of(const Request& r) {
  return {static_cast<int>(r.gpu.kind),
          r.gpu.count,
          r.gpu.vgpu_type,
          r.gpu.milli,
          r.gpu.gpu_models,
          r.cpu_milli,
          r.memory_mib};
}

}  // namespace

void FragmentationTracker::init(const ClusterState& cluster, const Scenario& scenario,
                                const std::vector<int>& jobs_per_workflow) {
  std::map<TypeKey, TaskType> types;  // ordered: deterministic sums
  for (size_t w = 0; w < scenario.workflows.size(); ++w) {
    const double jobs = w < jobs_per_workflow.size() ? jobs_per_workflow[w] : 0;
    if (jobs <= 0) continue;
    for (const StageSpec& sp : scenario.workflows[w].stages) {
      if (sp.demand.gpus_needed() == 0) continue;  // CPU-only stages use no GPU capacity
      Request r;
      r.cpu_milli = static_cast<int64_t>(sp.vcpus) * 1000;
      r.memory_mib = static_cast<int64_t>(std::ceil(sp.memory / (1024.0 * 1024.0)));
      r.gpu = sp.demand;
      TaskType& t = types.try_emplace(key_of(r), TaskType{r, 0}).first->second;
      t.popularity += jobs * sp.replicas;
    }
  }
  by_pool_.assign(cluster.pools().size(), {});
  std::vector<int> first_server(cluster.pools().size(), -1);
  for (const ServerState& s : cluster.servers())
    if (first_server[static_cast<size_t>(s.pool)] < 0)
      first_server[static_cast<size_t>(s.pool)] = s.index;
  for (size_t p = 0; p < by_pool_.size(); ++p) {
    if (first_server[p] < 0) continue;
    double sum = 0;
    for (const auto& [key, t] : types)
      if (cluster.best_fit_on(t.request, first_server[p])) {
        by_pool_[p].push_back(t);
        sum += t.popularity;
      }
    for (TaskType& t : by_pool_[p]) t.popularity /= sum;
  }
  gpu_.assign(cluster.gpus().size(), 0);
  pool_.assign(cluster.pools().size(), 0);
  total_ = 0;
  for (const ServerState& s : cluster.servers()) refresh_server(cluster, s.index);
}

void FragmentationTracker::refresh_server(const ClusterState& cluster, int s) {
  if (gpu_.empty()) return;  // not initialised: no task types, nothing is a fragment
  const ServerState& server = cluster.server(s);
  const auto pool = static_cast<size_t>(server.pool);
  share_.assign(server.gpus.size(), 0.0);
  for (const TaskType& t : by_pool_[pool]) {
    const bool hosts = cluster.best_fit_on(t.request, s).has_value();
    for (size_t i = 0; i < server.gpus.size(); ++i)
      if (!hosts || cluster.first_fitting_offset(t.request.gpu, server.gpus[i]) < 0)
        share_[i] += t.popularity;
  }
  for (size_t i = 0; i < server.gpus.size(); ++i) {
    const int g = server.gpus[i];
    const GpuState& gpu = cluster.gpu(g);
    const double free = server.accepting && gpu.healthy ? std::max(0, gpu.free_milli()) : 0;
    // Fixed point (1e-6 milli) so that the running pool and cluster sums never drift.
    const auto f = static_cast<int64_t>(std::llround(share_[i] * free * kUnits));
    int64_t& old = gpu_[static_cast<size_t>(g)];
    pool_[pool] += f - old;
    total_ += f - old;
    old = f;
  }
}

}  // namespace vgpusim::engine
