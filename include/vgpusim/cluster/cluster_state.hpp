#pragma once
// The occupancy of the whole cluster: servers (CPU, memory) and physical GPUs with their
// slices. The controller owns one and mutates it; policies only see it as const (the
// read-only view of SPEC 2.5). Engine-free. The per-mode rules live in slice_rules.hpp.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/cluster/gpu_share.hpp"
#include "vgpusim/cluster/gpu_state.hpp"
#include "vgpusim/cluster/slice_rules.hpp"
#include "vgpusim/cluster/slicing.hpp"

namespace vgpusim {

/// Where one request goes: a server and, per GPU-unit of the demand, a GPU and an offset.
struct GpuSlot {
  int gpu = -1;
  int offset = 0;  // placement ID / MIG start; 0 where the mode has none
};
struct Placement {
  int server = -1;
  std::vector<GpuSlot> slots;
};

/// A request as the scheduler sees it.
struct Request {
  int64_t id = 0;
  std::string label;  // "job-12/train"
  int64_t cpu_milli = 0;
  int64_t memory_mib = 0;
  GpuDemand gpu;
  double submit_time = 0;
  // Seconds from placement to the end, from the stage's cost model at its guaranteed share
  // (runtime_estimate.hpp); infinity when it never ends (imported tasks). For sjf and
  // EASY backfilling.
  double estimated_runtime_s = 0;
  int priority = 0;
  // Preemptive queue disciplines (preemption.hpp): GPU-seconds of service the job attained
  // in earlier attempts (GPUs x time held), as Tiresias's LAS counts it; 0 for a fresh job.
  // A resumed job's estimated_runtime_s is what is left of its estimate.
  double attained_gpu_s = 0;
  // Latency-sensitive small kernels (per-request inference): on a time-sliced GPU such a
  // slice pays the pool's small_kernel_overhead instead of switch_overhead (docs/slicing.md).
  bool small_kernels = false;
};

/// The servers changed so far, in order. A copy of a ClusterState (EASY backfilling plays
/// the future on one) starts a history of its own, under a new id, so that an index built
/// on one state is never applied to another.
class ChangeLog {
 public:
  ChangeLog() : id_(next_id()) {}
  ChangeLog(const ChangeLog&) : id_(next_id()) {}
  ChangeLog& operator=(const ChangeLog&) {
    id_ = next_id();
    servers_.clear();
    return *this;
  }
  void add(int server) { servers_.push_back(server); }
  const std::vector<int>& servers() const { return servers_; }
  uint64_t id() const { return id_; }

 private:
  static uint64_t next_id();
  uint64_t id_;
  std::vector<int> servers_;
};

class ClusterState {
 public:
  using PoolInfo = vgpusim::PoolInfo;

  /// vGPU type names in demands are resolved in `catalog` (default: Catalog::builtin()).
  /// It must outlive the state.
  void set_catalog(const Catalog* catalog) { catalog_ = catalog; }
  const Catalog& catalog() const;

  /// Adds a pool of `count` servers with `gpus_per_server` GPUs each and returns its
  /// index. `model` must outlive the state (catalog entries do). Throws
  /// std::invalid_argument when the slicing is not valid on the board (mixed size on a
  /// board without it, fixed_share with mixed size, an impossible fixed MIG layout...).
  int add_pool(const std::string& name, const PoolSlicing& slicing, const GpuModel* model,
               int count, int gpus_per_server, int64_t cpu_milli, int64_t memory_mib);

  const std::vector<PoolInfo>& pools() const { return pools_; }
  const std::vector<ServerState>& servers() const { return servers_; }
  const std::vector<GpuState>& gpus() const { return gpus_; }
  const ServerState& server(int i) const { return servers_[static_cast<size_t>(i)]; }
  const GpuState& gpu(int i) const { return gpus_[static_cast<size_t>(i)]; }
  const PoolInfo& pool_of_gpu(int g) const { return pools_[static_cast<size_t>(gpu(g).pool)]; }
  /// GPUs of the widest server (kept by add_pool: asked on every placement decision).
  int widest_server_gpus() const { return widest_server_gpus_; }

  /// The network's racks, as the platform builds them (docs/scenario.md, `two-tier`):
  /// servers in index order, `rack_size` to a rack behind its ToR uplink; 0 (a star
  /// network) puts every server in rack 0. Topology-aware policies read rack_of().
  void set_rack_size(int rack_size) { rack_size_ = rack_size; }
  int rack_of(int s) const { return rack_size_ > 0 ? s / rack_size_ : 0; }
  /// The servers of rack `k`: indices [first, second).
  std::pair<int, int> rack_servers(int k) const {
    const int n = static_cast<int>(servers_.size());
    if (rack_size_ <= 0) return {0, n};
    return {std::min(n, k * rack_size_), std::min(n, (k + 1) * rack_size_)};
  }
  int rack_count() const {
    return rack_size_ > 0 ? (static_cast<int>(servers_.size()) + rack_size_ - 1) / rack_size_ : 1;
  }

  /// Offsets at which one unit of `d` fits on GPU `g` under its pool's slicing rules
  /// (ascending); empty when it does not fit, with the rule that forbids it in *why.
  std::vector<int> fitting_offsets(const GpuDemand& d, int g, std::string* why = nullptr) const;
  /// The lowest such offset, or -1 (no allocation: for hot loops).
  int first_fitting_offset(const GpuDemand& d, int g, std::string* why = nullptr) const;

  /// A complete placement of `r` on server `s` choosing, for each unit, the fitting GPU
  /// with the least free capacity (best fit, lowest index on ties) and its lowest offset;
  /// nullopt with the reason when the server cannot host it.
  std::optional<Placement> best_fit_on(const Request& r, int s, std::string* why = nullptr) const;
  /// best_fit_on(r, s) as if every owner in `gone` that holds resources on server `s` had
  /// released them: a trial that neither changes nor copies the state (choose_preemptions
  /// asks it for each set of victims it weighs).
  std::optional<Placement> best_fit_without(const Request& r, int s,
                                            std::span<const int64_t> gone) const;

  /// Whether `p` is a valid placement of `r` now; the reason when not.
  bool check(const Request& r, const Placement& p, std::string* why = nullptr) const;

  /// Takes the resources of `p` for `r.id`. Throws std::invalid_argument (with check()'s
  /// reason) when `p` is not valid or the id already holds resources.
  void allocate(const Request& r, const Placement& p);
  /// Frees everything `owner` holds; unknown owners are ignored.
  void release(int64_t owner);
  void set_busy(int64_t owner, bool busy);
  void set_accepting(int server, bool accepting);
  void set_gpu_healthy(int gpu, bool healthy);

  /// Where `owner` is placed now, if anywhere.
  std::optional<Placement> placement_of(int64_t owner) const;
  bool holds(int64_t owner) const { return owners_.count(owner) > 0; }
  /// The server `owner` holds resources on, or -1.
  int server_of(int64_t owner) const {
    auto it = owners_.find(owner);
    return it == owners_.end() ? -1 : it->second.server;
  }

  /// The compute share of every slice of GPU `g` given who is busy (see gpu_share.hpp).
  GpuShares shares_of(int g) const;

  /// Milli-GPU one unit of `d` takes on GPU `g` (as accounted in Slice::milli), or -1 when
  /// the demand cannot be resolved there.
  int unit_milli(const GpuDemand& d, int g) const;

  /// Every change of a server that can change what fits on it (an allocation, a release,
  /// accepting, a GPU's health), as the server's index, in order: ServerState::version is
  /// bumped at each. Indexes over servers (placement_index.hpp, scored policies) catch up
  /// by reading the log from where they stopped, instead of visiting every server.
  const ChangeLog& change_log() const { return change_log_; }

  /// Totals for reporting.
  int64_t total_gpus() const { return static_cast<int64_t>(gpus_.size()); }
  int64_t allocated_milli() const { return allocated_milli_; }

 private:
  struct Holding {
    int server = -1;
    int64_t cpu_milli = 0, memory_mib = 0;
    std::vector<int> gpus;
  };
  // What best_fit_without takes off one server: the CPU and memory its owners free, and
  // copies of the GPUs they had slices on, without those slices.
  struct Freed {
    int64_t cpu_milli = 0, memory_mib = 0;
    std::vector<GpuState> gpus;
    const GpuState& gpu(const ClusterState& c, int g) const {
      for (const GpuState& x : gpus)
        if (x.index == g) return x;
      return c.gpu(g);
    }
  };
  // Resolves the vGPU type of a demand (nullptr for other kinds or unknown names).
  const VgpuType* resolve(const GpuDemand& d) const;
  // Model, health and the pool's rules for one unit; fills up to out.capacity offsets.
  int offsets_on(const GpuDemand& d, const VgpuType* t, int g, OffsetList& out,
                 std::string* why) const {
    return offsets_on(d, t, gpu(g), out, why);
  }
  int offsets_on(const GpuDemand& d, const VgpuType* t, const GpuState& g, OffsetList& out,
                 std::string* why) const;
  bool check_server(const Request& r, int s, std::string* why, const Freed* freed = nullptr) const;
  // best_fit_on, on the state less `freed` (null: as it is).
  std::optional<Placement> best_fit(const Request& r, int s, const Freed* freed,
                                    std::string* why) const;

  const Catalog* catalog_ = nullptr;
  int rack_size_ = 0;
  int widest_server_gpus_ = 0;
  std::vector<PoolInfo> pools_;
  std::vector<ServerState> servers_;
  std::vector<GpuState> gpus_;
  std::unordered_map<int64_t, Holding> owners_;
  int64_t allocated_milli_ = 0;
  ChangeLog change_log_;
  void changed(ServerState& sv) {
    ++sv.version;
    change_log_.add(sv.index);
  }
  // resolve()'s memo of the last vGPU type name looked up.
  mutable std::string resolved_name_;
  mutable const Catalog* resolved_catalog_ = nullptr;
  mutable const VgpuType* resolved_ = nullptr;
};

}  // namespace vgpusim
