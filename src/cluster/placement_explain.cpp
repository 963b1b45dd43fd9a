#include "vgpusim/cluster/placement_explain.hpp"

#include <fmt/format.h>

#include "rules.hpp"

namespace vgpusim {
namespace {

// How far a server got through the checks (RefusalKind's order) and how much of the
// failing resource it offers.
struct Reach {
  RefusalKind kind = RefusalKind::not_accepting;
  int64_t have = 0;
};

std::string vcpus(int64_t milli) {
  return milli % 1000 == 0 ? fmt::format("{}", milli / 1000) : fmt::format("{:.3g}", milli / 1e3);
}

// Why a server of this pool could not host `r` even empty; empty when it could.
std::string never_hosts(const ClusterState& c, const Request& r, const ServerState& sv) {
  if (sv.cpu_milli < r.cpu_milli)
    return fmt::format("its servers have {} vCPUs, {} asked", vcpus(sv.cpu_milli), vcpus(r.cpu_milli));
  if (sv.memory_mib < r.memory_mib)
    return fmt::format("its servers have {} MiB of memory, {} asked", sv.memory_mib, r.memory_mib);
  const int need = r.gpu.gpus_needed();
  if (need > static_cast<int>(sv.gpus.size()))
    return fmt::format("its servers have {} GPUs, {} asked", sv.gpus.size(), need);
  if (need == 0) return {};
  const PoolInfo& pool = c.pools()[static_cast<size_t>(sv.pool)];
  GpuState empty = c.gpu(sv.gpus.front());
  empty.slices.clear();
  empty.milli_allocated = 0;
  empty.healthy = true;
  if (!model_allowed(empty.model, r.gpu.gpu_models))
    return fmt::format("its GPUs are {}; the request allows only {}", pool.model->name,
                       fmt::join(r.gpu.gpu_models, "|"));
  const VgpuType* t =
      r.gpu.kind == GpuDemand::Kind::vgpu ? c.catalog().find_vgpu(r.gpu.vgpu_type) : nullptr;
  OffsetList offs;
  std::string why;
  pool.rules->fitting_offsets(pool, empty, UnitDemand{&r.gpu, t}, offs, &why);
  return offs.n > 0 ? std::string() : (why.empty() ? "its slicing never hosts it" : why);
}

Reach reach_of(const ClusterState& c, const Request& r, const ServerState& sv) {
  if (!sv.accepting) return {RefusalKind::not_accepting, 0};
  if (sv.cpu_free() < r.cpu_milli) return {RefusalKind::cpu, sv.cpu_free()};
  if (sv.memory_free() < r.memory_mib) return {RefusalKind::memory, sv.memory_free()};
  const int need = r.gpu.gpus_needed();
  int fit = 0;
  for (int g : sv.gpus)
    if (c.first_fitting_offset(r.gpu, g) >= 0) ++fit;
  if (fit < need) return {RefusalKind::no_fitting_gpus, fit};
  return {RefusalKind::fits, fit};
}

int64_t asked_of(const Request& r, RefusalKind k) {
  switch (k) {
    case RefusalKind::cpu:
      return r.cpu_milli;
    case RefusalKind::memory:
      return r.memory_mib;
    case RefusalKind::no_fitting_gpus:
      return r.gpu.gpus_needed();
    default:
      return 0;
  }
}

}  // namespace

const char* to_string(RefusalKind k) {
  switch (k) {
    case RefusalKind::not_accepting:
      return "not_accepting";
    case RefusalKind::cpu:
      return "cpu";
    case RefusalKind::memory:
      return "memory";
    case RefusalKind::pool_cannot_host:
      return "pool_cannot_host";
    case RefusalKind::no_fitting_gpus:
      return "no_fitting_gpus";
    case RefusalKind::fits:
      return "fits";
  }
  return "?";
}

std::vector<PoolRefusal> explain_refusals(const ClusterState& c, const Request& r) {
  const size_t pools = c.pools().size();
  std::vector<PoolRefusal> out(pools);
  std::vector<int> closest(pools, -1), first_fit(pools, -1), fitting(pools, 0);
  for (size_t p = 0; p < pools; ++p) out[p].pool = c.pools()[p].name;
  // Servers of a pool are alike (cores, memory, GPUs, board, slicing): ask the first.
  std::vector<char> checked(pools, 0);
  for (const ServerState& sv : c.servers()) {
    const auto p = static_cast<size_t>(sv.pool);
    PoolRefusal& pr = out[p];
    ++pr.servers;
    if (!checked[p]) {
      checked[p] = 1;
      pr.rule_detail = never_hosts(c, r, sv);
      if (!pr.rule_detail.empty()) pr.kind = RefusalKind::pool_cannot_host;
    }
    if (pr.kind == RefusalKind::pool_cannot_host) continue;
    const Reach rc = reach_of(c, r, sv);
    if (rc.kind == RefusalKind::fits) {
      if (fitting[p]++ == 0) first_fit[p] = sv.index;
      continue;
    }
    // Closest: furthest through the checks, then the most of the failing resource.
    if (closest[p] < 0 || rc.kind > pr.kind || (rc.kind == pr.kind && rc.have > pr.best)) {
      pr.kind = rc.kind;
      pr.best = rc.have;
      closest[p] = sv.index;
    }
  }
  for (size_t p = 0; p < pools; ++p) {
    PoolRefusal& pr = out[p];
    if (fitting[p] > 0) {
      pr = PoolRefusal{pr.pool, RefusalKind::fits, fitting[p], 0, 0,
                       c.server(first_fit[p]).name, {}, {}, {}};
      continue;
    }
    if (closest[p] < 0) {  // never hosts it, or a pool without servers
      pr.kind = RefusalKind::pool_cannot_host;
      continue;
    }
    const ServerState& sv = c.server(closest[p]);
    pr.server = sv.name;
    pr.asked = asked_of(r, pr.kind);
    if (pr.kind != RefusalKind::no_fitting_gpus) continue;
    pr.rule = slice_rules_key(c.pools()[p].slicing);
    for (int g : sv.gpus) {
      std::string why;
      if (c.first_fitting_offset(r.gpu, g, &why) >= 0) continue;
      pr.gpu = fmt::format("{}/gpu{}", sv.name, c.gpu(g).local);
      pr.rule_detail = why;
      break;
    }
  }
  return out;
}

std::string refusal_text(const PoolRefusal& p) {
  switch (p.kind) {
    case RefusalKind::fits:
      return fmt::format("{}: fits on {} server{} (first {})", p.pool, p.servers,
                         p.servers == 1 ? "" : "s", p.server);
    case RefusalKind::not_accepting:
      return fmt::format("{}: all {} server{} drained, failed or off", p.pool, p.servers,
                         p.servers == 1 ? "" : "s");
    case RefusalKind::cpu:
      return fmt::format("{}: no server with {} free vCPUs: most {} ({})", p.pool,
                         vcpus(p.asked), vcpus(p.best), p.server);
    case RefusalKind::memory:
      return fmt::format("{}: no server with {} MiB free memory: most {} ({})", p.pool, p.asked,
                         p.best, p.server);
    case RefusalKind::pool_cannot_host:
      if (p.servers == 0) return fmt::format("{}: no servers", p.pool);
      return fmt::format("{}: never fits: {}", p.pool, p.rule_detail);
    case RefusalKind::no_fitting_gpus:
      return fmt::format("{}: no server with {} free GPU{}: largest {} ({}){}", p.pool, p.asked,
                         p.asked == 1 ? "" : "s", p.best, p.server,
                         p.gpu.empty() ? std::string()
                                       : fmt::format("; GPU {}: {}: {}", p.gpu, p.rule,
                                                     p.rule_detail));
  }
  return "?";
}

std::string describe_request(const Request& r) {
  std::string gpu = detail::describe(r.gpu);
  if (r.gpu.kind == GpuDemand::Kind::vgpu && r.gpu.count != 1)
    gpu += fmt::format(" x{}", r.gpu.count);
  if (!r.gpu.gpu_models.empty()) gpu += fmt::format(" on {}", fmt::join(r.gpu.gpu_models, "|"));
  return fmt::format("{}, {} vCPUs, {} MiB", gpu, vcpus(r.cpu_milli), r.memory_mib);
}

}  // namespace vgpusim
