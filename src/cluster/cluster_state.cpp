#include "vgpusim/cluster/cluster_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "rules.hpp"

namespace vgpusim {

const Catalog& ClusterState::catalog() const {
  return catalog_ ? *catalog_ : Catalog::builtin();
}

int ClusterState::add_pool(const std::string& name, const PoolSlicing& slicing,
                           const GpuModel* model, int count, int gpus_per_server, int64_t cpu_milli,
                           int64_t memory_mib) {
  if (!model) throw std::invalid_argument(fmt::format("pool '{}': no GPU model", name));
  if (count < 0 || gpus_per_server < 0)
    throw std::invalid_argument(fmt::format("pool '{}': negative server or GPU count", name));
  PoolInfo pool;
  pool.name = name;
  pool.slicing = slicing;
  pool.model = model;
  pool.rules = &slice_rules_for(slicing);
  std::string why;
  if (!pool.rules->prepare_pool(pool, &why))
    throw std::invalid_argument(fmt::format("pool '{}': {}", name, why));
  const int p = static_cast<int>(pools_.size());
  pools_.push_back(std::move(pool));
  if (count > 0) widest_server_gpus_ = std::max(widest_server_gpus_, gpus_per_server);
  for (int i = 0; i < count; ++i) {
    ServerState s;
    s.index = static_cast<int>(servers_.size());
    s.name = fmt::format("{}[{}]", name, i);
    s.pool = p;
    s.cpu_milli = cpu_milli;
    s.memory_mib = memory_mib;
    for (int j = 0; j < gpus_per_server; ++j) {
      GpuState g;
      g.index = static_cast<int>(gpus_.size());
      g.server = s.index;
      g.local = j;
      g.model = model;
      g.pool = p;
      s.gpus.push_back(g.index);
      gpus_.push_back(std::move(g));
    }
    servers_.push_back(std::move(s));
  }
  return p;
}

const VgpuType* ClusterState::resolve(const GpuDemand& d) const {
  if (d.kind != GpuDemand::Kind::vgpu) return nullptr;
  // A decision asks about the same demand on every GPU of every server: remember the last.
  if (d.vgpu_type != resolved_name_ || resolved_catalog_ != &catalog()) {
    resolved_name_ = d.vgpu_type;
    resolved_catalog_ = &catalog();
    resolved_ = catalog().find_vgpu(d.vgpu_type);
  }
  return resolved_;
}

int ClusterState::offsets_on(const GpuDemand& d, const VgpuType* t, const GpuState& g,
                             OffsetList& out, std::string* why) const {
  out.n = 0;
  const int gi = g.index;
  if (!g.healthy) {
    if (why) *why = fmt::format("GPU {} is unhealthy", gi);
    return 0;
  }
  if (!model_allowed(g.model, d.gpu_models)) {
    if (why)
      *why = fmt::format("GPU {} is a {}; the request allows only {}", gi,
                         g.model ? g.model->name : "?", fmt::join(d.gpu_models, "|"));
    return 0;
  }
  const PoolInfo& pool = pools_[static_cast<size_t>(g.pool)];
  pool.rules->fitting_offsets(pool, g, UnitDemand{&d, t}, out, why);
  return out.n;
}

std::vector<int> ClusterState::fitting_offsets(const GpuDemand& d, int g, std::string* why) const {
  OffsetList out;
  offsets_on(d, resolve(d), g, out, why);
  return {out.v.begin(), out.v.begin() + out.n};
}

int ClusterState::first_fitting_offset(const GpuDemand& d, int g, std::string* why) const {
  OffsetList out;
  return offsets_on(d, resolve(d), g, out, why) > 0 ? out.v[0] : -1;
}

bool ClusterState::check_server(const Request& r, int s, std::string* why,
                                const Freed* freed) const {
  if (s < 0 || s >= static_cast<int>(servers_.size())) {
    if (why) *why = fmt::format("no server {}", s);
    return false;
  }
  const ServerState& sv = server(s);
  if (!sv.accepting) {
    if (why)
      *why = fmt::format("server {} is not accepting work (drained, failed or off)", sv.name);
    return false;
  }
  const int64_t cpu_free = sv.cpu_free() + (freed ? freed->cpu_milli : 0);
  const int64_t memory_free = sv.memory_free() + (freed ? freed->memory_mib : 0);
  if (cpu_free < r.cpu_milli) {
    if (why)
      *why = fmt::format("server {} has {} free CPU milli, {} asked", sv.name, cpu_free,
                         r.cpu_milli);
    return false;
  }
  if (memory_free < r.memory_mib) {
    if (why)
      *why = fmt::format("server {} has {} MiB free memory, {} asked", sv.name, memory_free,
                         r.memory_mib);
    return false;
  }
  const int need = r.gpu.gpus_needed();
  if (need > static_cast<int>(sv.gpus.size())) {
    if (why) *why = fmt::format("server {} has {} GPUs, {} asked", sv.name, sv.gpus.size(), need);
    return false;
  }
  return true;
}

std::optional<Placement> ClusterState::best_fit_on(const Request& r, int s,
                                                   std::string* why) const {
  return best_fit(r, s, nullptr, why);
}

std::optional<Placement> ClusterState::best_fit_without(const Request& r, int s,
                                                        std::span<const int64_t> gone) const {
  Freed freed;
  for (int64_t owner : gone) {
    auto it = owners_.find(owner);
    if (it == owners_.end() || it->second.server != s) continue;
    const Holding& h = it->second;
    freed.cpu_milli += h.cpu_milli;
    freed.memory_mib += h.memory_mib;
    for (int gi : h.gpus) {
      if (&freed.gpu(*this, gi) == &gpu(gi)) freed.gpus.push_back(gpu(gi));
      GpuState& g = *std::find_if(freed.gpus.begin(), freed.gpus.end(),
                                  [gi](const GpuState& x) { return x.index == gi; });
      // As release() does: the owner's slices go, the others keep their order.
      std::erase_if(g.slices, [&](const Slice& sl) {
        if (sl.owner != owner) return false;
        g.milli_allocated -= sl.milli;
        return true;
      });
    }
  }
  return best_fit(r, s, &freed, nullptr);
}

std::optional<Placement> ClusterState::best_fit(const Request& r, int s, const Freed* freed,
                                                std::string* why) const {
  if (!check_server(r, s, why, freed)) return std::nullopt;
  const ServerState& sv = server(s);
  const int need = r.gpu.gpus_needed();
  Placement p;
  p.server = s;
  if (need == 0) return p;
  const VgpuType* t = resolve(r.gpu);
  // Every unit of a demand is the same, so best fit per unit = the `need` fitting GPUs
  // with least free milli (lowest index on ties), each at its lowest offset.
  struct Cand {
    int free, gpu, offset;
  };
  constexpr size_t kSmall = 32;
  Cand small[kSmall];
  std::vector<Cand> big;
  Cand* c = small;
  if (sv.gpus.size() > kSmall) {
    big.resize(sv.gpus.size());
    c = big.data();
  }
  int n = 0;
  OffsetList offs;
  for (int gi : sv.gpus) {
    const GpuState& g = freed ? freed->gpu(*this, gi) : gpu(gi);
    if (offsets_on(r.gpu, t, g, offs, nullptr) > 0) c[n++] = {g.free_milli(), gi, offs.v[0]};
  }
  if (n < need) {
    if (why) {
      std::string first;
      for (int gi : sv.gpus)
        if (offsets_on(r.gpu, t, freed ? freed->gpu(*this, gi) : gpu(gi), offs, &first) == 0) break;
      *why = fmt::format("server {}: {} of {} GPU{} fit{}{}", sv.name, n, need,
                         need == 1 ? "" : "s", first.empty() ? "" : "; ", first);
    }
    return std::nullopt;
  }
  std::partial_sort(c, c + need, c + n, [](const Cand& a, const Cand& b) {
    return a.free != b.free ? a.free < b.free : a.gpu < b.gpu;
  });
  p.slots.reserve(static_cast<size_t>(need));
  for (int i = 0; i < need; ++i) p.slots.push_back({c[i].gpu, c[i].offset});
  return p;
}

bool ClusterState::check(const Request& r, const Placement& p, std::string* why) const {
  if (!check_server(r, p.server, why)) return false;
  const ServerState& sv = server(p.server);
  const int need = r.gpu.gpus_needed();
  if (static_cast<int>(p.slots.size()) != need) {
    if (why)
      *why = fmt::format("the placement gives {} GPU slot{}; {} needs {}", p.slots.size(),
                         p.slots.size() == 1 ? "" : "s", detail::describe(r.gpu), need);
    return false;
  }
  const VgpuType* t = resolve(r.gpu);
  OffsetList offs;
  for (size_t i = 0; i < p.slots.size(); ++i) {
    const GpuSlot& slot = p.slots[i];
    if (std::find(sv.gpus.begin(), sv.gpus.end(), slot.gpu) == sv.gpus.end()) {
      if (why) *why = fmt::format("GPU {} is not on server {}", slot.gpu, sv.name);
      return false;
    }
    for (size_t j = 0; j < i; ++j)
      if (p.slots[j].gpu == slot.gpu) {
        if (why)
          *why = fmt::format("GPU {} is used twice; each unit of a request needs its own GPU",
                             slot.gpu);
        return false;
      }
    if (offsets_on(r.gpu, t, slot.gpu, offs, why) == 0) return false;
    if (!offs.contains(slot.offset)) {
      if (why) {
        std::string list;
        for (int k = 0; k < offs.n; ++k)
          list += (k ? ", " : "") + std::to_string(offs.v[static_cast<size_t>(k)]);
        *why = fmt::format("{} {} on GPU {} is not free for {}; free: {}",
                           pool_of_gpu(slot.gpu).rules->offset_name(), slot.offset, slot.gpu,
                           detail::describe(r.gpu), list);
      }
      return false;
    }
  }
  return true;
}

uint64_t ChangeLog::next_id() {
  static uint64_t next = 0;  // one engine thread; sweeps run points in separate processes
  return ++next;
}

void ClusterState::allocate(const Request& r, const Placement& p) {
  if (owners_.count(r.id))
    throw std::invalid_argument(fmt::format("request {} already holds resources", r.id));
  std::string why;
  if (!check(r, p, &why))
    throw std::invalid_argument(fmt::format("invalid placement of request {}: {}", r.id, why));
  ServerState& sv = servers_[static_cast<size_t>(p.server)];
  changed(sv);
  sv.cpu_milli_used += r.cpu_milli;
  sv.memory_mib_used += r.memory_mib;
  Holding h{p.server, r.cpu_milli, r.memory_mib, {}};
  const VgpuType* t = resolve(r.gpu);
  for (const GpuSlot& slot : p.slots) {
    GpuState& g = gpus_[static_cast<size_t>(slot.gpu)];
    const PoolInfo& pool = pools_[static_cast<size_t>(g.pool)];
    Slice s = pool.rules->make_slice(pool, g, UnitDemand{&r.gpu, t}, slot.offset);
    s.owner = r.id;
    s.small_kernels = r.small_kernels;
    allocated_milli_ += s.milli;
    g.milli_allocated += s.milli;
    g.slices.push_back(std::move(s));
    h.gpus.push_back(slot.gpu);
  }
  owners_.emplace(r.id, std::move(h));
}

void ClusterState::release(int64_t owner) {
  auto it = owners_.find(owner);
  if (it == owners_.end()) return;
  const Holding& h = it->second;
  ServerState& sv = servers_[static_cast<size_t>(h.server)];
  changed(sv);
  sv.cpu_milli_used -= h.cpu_milli;
  sv.memory_mib_used -= h.memory_mib;
  for (int gi : h.gpus) {
    GpuState& g = gpus_[static_cast<size_t>(gi)];
    auto& sl = g.slices;
    for (auto s = sl.begin(); s != sl.end();)
      if (s->owner == owner) {
        allocated_milli_ -= s->milli;
        g.milli_allocated -= s->milli;
        s = sl.erase(s);
      } else {
        ++s;
      }
  }
  owners_.erase(it);
}

void ClusterState::set_busy(int64_t owner, bool busy) {
  auto it = owners_.find(owner);
  if (it == owners_.end()) return;
  for (int gi : it->second.gpus)
    for (Slice& s : gpus_[static_cast<size_t>(gi)].slices)
      if (s.owner == owner) s.busy = busy;
}

void ClusterState::set_accepting(int s, bool accepting) {
  ServerState& sv = servers_.at(static_cast<size_t>(s));
  sv.accepting = accepting;
  changed(sv);
}

void ClusterState::set_gpu_healthy(int g, bool healthy) {
  GpuState& gs = gpus_.at(static_cast<size_t>(g));
  gs.healthy = healthy;
  changed(servers_[static_cast<size_t>(gs.server)]);
}

std::optional<Placement> ClusterState::placement_of(int64_t owner) const {
  auto it = owners_.find(owner);
  if (it == owners_.end()) return std::nullopt;
  Placement p;
  p.server = it->second.server;
  for (int gi : it->second.gpus)
    for (const Slice& s : gpu(gi).slices)
      if (s.owner == owner) p.slots.push_back({gi, s.offset});
  return p;
}

GpuShares ClusterState::shares_of(int g) const {
  return compute_gpu_shares(pool_of_gpu(g), gpu(g));
}

int ClusterState::unit_milli(const GpuDemand& d, int g) const {
  if (d.kind == GpuDemand::Kind::none) return 0;
  const PoolInfo& pool = pool_of_gpu(g);
  return pool.rules->unit_milli(pool, UnitDemand{&d, resolve(d)});
}

}  // namespace vgpusim
