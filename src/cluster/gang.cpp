#include "vgpusim/cluster/gang.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace vgpusim {
namespace {

// Above kReservationBase (2^48, engine/migration.hpp) plus any run id, so that a part's
// owner id never meets a request's or a migration reservation's.
constexpr int64_t kGangPartBase = int64_t{1} << 56;

int64_t ceil_share(int64_t total, int units, int of) {
  return of <= 0 ? 0 : (total * units + of - 1) / of;
}

}  // namespace

int GangPlacement::units() const {
  int n = 0;
  for (const Placement& p : parts) n += static_cast<int>(p.slots.size());
  return n;
}

int64_t gang_part_owner(int64_t id, int k) {
  return k == 0 ? id : kGangPartBase + id * kMaxGangParts + k;
}

int widest_server_gpus(const ClusterState& c) {
  // Kept by the state: a scan of every server here was ~3 % of bench/bare_overhead.sh's
  // dense run (one call per placement attempt).
  return c.widest_server_gpus();
}

bool needs_gang(const ClusterState& c, const Request& r) {
  if (r.gpu.kind == GpuDemand::Kind::none) return false;
  if (r.gpu.kind == GpuDemand::Kind::milli && r.gpu.milli < 1000) return false;
  return r.gpu.gpus_needed() > widest_server_gpus(c);
}

Request gang_part_request(const Request& r, int units, int k) {
  Request p = r;
  const int of = r.gpu.gpus_needed();
  p.id = gang_part_owner(r.id, k);
  p.gpu.count = units;
  p.cpu_milli = ceil_share(r.cpu_milli, units, of);
  p.memory_mib = ceil_share(r.memory_mib, units, of);
  return p;
}

int gang_units_on(const ClusterState& c, const Request& r, int s) {
  const ServerState& sv = c.server(s);
  if (!sv.accepting) return 0;
  if (!model_allowed(c.pools()[static_cast<size_t>(sv.pool)].model, r.gpu.gpu_models)) return 0;
  const int of = r.gpu.gpus_needed();
  int units = 0;
  for (int g : sv.gpus)
    if (c.first_fitting_offset(r.gpu, g) >= 0) ++units;
  units = std::min(units, of);
  // Largest u whose proportional CPU and memory (rounded up) fit what is free.
  while (units > 0 && (ceil_share(r.cpu_milli, units, of) > sv.cpu_free() ||
                       ceil_share(r.memory_mib, units, of) > sv.memory_free()))
    --units;
  return units;
}

std::optional<GangPlacement> fill_gang(const ClusterState& c, const Request& r,
                                       const std::vector<int>& order) {
  GangPlacement g;
  int left = r.gpu.gpus_needed();
  const GpuModel* board = nullptr;
  for (int s : order) {
    if (left == 0) break;
    const GpuModel* m = c.pools()[static_cast<size_t>(c.server(s).pool)].model;
    if (board && m != board) continue;  // one board per gang
    const int take = std::min(left, gang_units_on(c, r, s));
    if (take <= 0) continue;
    auto p = c.best_fit_on(gang_part_request(r, take, static_cast<int>(g.parts.size())), s);
    if (!p) continue;
    board = m;
    g.parts.push_back(std::move(*p));
    left -= take;
  }
  if (left > 0 || g.parts.size() < 2 || static_cast<int>(g.parts.size()) > kMaxGangParts)
    return std::nullopt;
  return g;
}

bool check_gang(const ClusterState& c, const Request& r, const GangPlacement& g, std::string* why) {
  auto fail = [&](std::string text) {
    if (why) *why = std::move(text);
    return false;
  };
  if (g.parts.size() < 2) return fail("a gang needs parts on at least two servers");
  if (static_cast<int>(g.parts.size()) > kMaxGangParts)
    return fail(fmt::format("a gang has at most {} parts", kMaxGangParts));
  if (g.units() != r.gpu.gpus_needed())
    return fail(fmt::format("the gang's parts hold {} GPUs; the request asks {}", g.units(),
                            r.gpu.gpus_needed()));
  const int servers = static_cast<int>(c.servers().size());
  const GpuModel* board = nullptr;
  for (size_t k = 0; k < g.parts.size(); ++k) {
    const Placement& p = g.parts[k];
    if (p.server < 0 || p.server >= servers) return fail(fmt::format("no server {}", p.server));
    if (p.slots.empty()) return fail(fmt::format("part {} of the gang holds no GPU", k));
    for (size_t j = 0; j < k; ++j)
      if (g.parts[j].server == p.server)
        return fail(fmt::format("server {} holds two parts of the gang", c.server(p.server).name));
    const GpuModel* m = c.pools()[static_cast<size_t>(c.server(p.server).pool)].model;
    if (board && m != board)
      return fail(fmt::format("the gang's parts are on {} and {}; a gang runs on one board",
                              board->name, m ? m->name : "?"));
    board = m;
    const Request part = gang_part_request(r, static_cast<int>(p.slots.size()), static_cast<int>(k));
    std::string reason;
    if (!c.check(part, p, &reason)) return fail(fmt::format("part {} of the gang: {}", k, reason));
  }
  return true;
}

void allocate_gang(ClusterState& c, const Request& r, const GangPlacement& g) {
  std::string why;
  if (!check_gang(c, r, g, &why)) throw std::invalid_argument(why);
  for (size_t k = 0; k < g.parts.size(); ++k) {
    const Placement& p = g.parts[k];
    c.allocate(gang_part_request(r, static_cast<int>(p.slots.size()), static_cast<int>(k)), p);
  }
}

}  // namespace vgpusim
