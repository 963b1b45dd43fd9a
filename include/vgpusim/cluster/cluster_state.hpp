#pragma once
// The occupancy of the whole cluster: servers (CPU, memory) and physical GPUs with their
// slices. The controller owns one and mutates it; policies only see it as const (the
// read-only view of SPEC 2.5). Engine-free.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/cluster/slicing.hpp"

namespace vgpusim {

/// One allocated piece of a physical GPU: a vGPU, a MIG instance, a milli share or the
/// whole board.
struct Slice {
  int64_t owner = -1;        // request / VM id
  int offset = 0;            // mixed-size placement ID or MIG start position (memory slice); 0 otherwise
  int size = 0;              // memory slices (MIG) or framebuffer units; 0 otherwise
  int milli = 1000;          // share of the GPU accounted as allocated
  int64_t framebuffer_mib = 0;
  std::string vgpu_type;     // empty for passthrough / shared
  std::string mig_profile;   // MIG only
  bool busy = false;         // its stage is computing (best_effort sharing counts only these)
};

struct GpuState {
  int index = 0;             // global GPU index
  int server = 0;            // global server index
  int local = 0;             // index within its server
  const GpuModel* model = nullptr;
  int pool = 0;              // index into ClusterState::pools()
  bool healthy = true;
  std::vector<Slice> slices;

  int allocated_milli() const;
  int free_milli() const { return 1000 - allocated_milli(); }
  int64_t allocated_fb_mib() const;
  bool empty() const { return slices.empty(); }
};

struct ServerState {
  int index = 0;
  std::string name;          // "a100[3]"
  int pool = 0;
  int64_t cpu_milli = 0, cpu_milli_used = 0;
  int64_t memory_mib = 0, memory_mib_used = 0;
  std::vector<int> gpus;     // global GPU indices
  bool accepting = true;     // false while drained, failed or powered off
  int64_t cpu_free() const { return cpu_milli - cpu_milli_used; }
  int64_t memory_free() const { return memory_mib - memory_mib_used; }
};

/// Where one request goes: a server and, per GPU-unit of the demand, a GPU and an offset.
struct GpuSlot {
  int gpu = -1;
  int offset = 0;            // placement ID / MIG start; 0 where the mode has none
};
struct Placement {
  int server = -1;
  std::vector<GpuSlot> slots;
};

/// A request as the scheduler sees it.
struct Request {
  int64_t id = 0;
  std::string label;         // "job-12/train"
  int64_t cpu_milli = 0;
  int64_t memory_mib = 0;
  GpuDemand gpu;
  double submit_time = 0;
  double estimated_work_s = 0;  // on a whole reference GPU; for sjf
  int priority = 0;
};

class ClusterState {
 public:
  struct PoolInfo {
    std::string name;
    PoolSlicing slicing;
    const GpuModel* model = nullptr;
  };

  /// Adds a pool of `count` servers with `gpus_per_server` GPUs each.
  /// `model` must outlive the state (catalog entries do).
  int add_pool(const std::string& name, const PoolSlicing& slicing, const GpuModel* model,
               int count, int gpus_per_server, int64_t cpu_milli, int64_t memory_mib);

  const std::vector<PoolInfo>& pools() const { return pools_; }
  const std::vector<ServerState>& servers() const { return servers_; }
  const std::vector<GpuState>& gpus() const { return gpus_; }
  const ServerState& server(int i) const { return servers_[static_cast<size_t>(i)]; }
  const GpuState& gpu(int i) const { return gpus_[static_cast<size_t>(i)]; }

  /// Offsets at which one unit of `d` fits on GPU `g` under its pool's slicing rules
  /// (ascending); empty when it does not fit, with the rule that forbids it in *why.
  std::vector<int> fitting_offsets(const GpuDemand& d, int g, std::string* why = nullptr) const;

  /// A complete placement of `r` on server `s` choosing, for each unit, the fitting GPU
  /// with the least free capacity (best fit, lowest index on ties) and its lowest offset;
  /// nullopt with the reason when the server cannot host it.
  std::optional<Placement> best_fit_on(const Request& r, int s, std::string* why = nullptr) const;

  /// Whether `p` is a valid placement of `r` now; the reason when not.
  bool check(const Request& r, const Placement& p, std::string* why = nullptr) const;

  void allocate(const Request& r, const Placement& p);
  void release(int64_t owner);
  void set_busy(int64_t owner, bool busy);
  void set_accepting(int server, bool accepting);
  void set_gpu_healthy(int gpu, bool healthy);

  /// Totals for reporting.
  int64_t total_gpus() const { return static_cast<int64_t>(gpus_.size()); }
  int64_t allocated_milli() const { return allocated_milli_; }

 private:
  std::vector<PoolInfo> pools_;
  std::vector<ServerState> servers_;
  std::vector<GpuState> gpus_;
  int64_t allocated_milli_ = 0;
};

}  // namespace vgpusim
