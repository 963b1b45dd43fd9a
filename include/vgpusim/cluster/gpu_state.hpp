#pragma once
// The plain occupancy records of the cluster: slices, GPUs, servers and pools. Split out of
// cluster_state.hpp so that the slicing rules, the share model and the fragmentation
// measures can read them without seeing the mutating ClusterState. Engine-free.
#include <cstdint>
#include <string>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/cluster/slicing.hpp"

namespace vgpusim {

class SliceRules;

/// One allocated piece of a physical GPU: a vGPU, a MIG instance, a milli share or the
/// whole board.
struct Slice {
  int64_t owner = -1;  // request / VM id
  int offset = 0;      // mixed-size placement ID or MIG start position (memory slice); 0 otherwise
  int size = 0;        // memory slices (MIG) or framebuffer units (mixed); 0 otherwise
  int milli = 1000;    // share of the GPU accounted as allocated
  int64_t framebuffer_mib = 0;
  std::string vgpu_type;    // empty for passthrough / shared
  std::string mig_profile;  // MIG only
  bool busy = false;        // its stage is computing (best_effort sharing counts only these)
  bool small_kernels = false;  // its request's interference class (Request::small_kernels)
  // Copied from the catalog at allocation so that the share model needs no look-ups.
  int type_max = 0;        // max_equal of its vGPU type (fixed_share: 1/type_max)
  int compute_slices = 0;  // MIG: compute slices of its GPU instance (of the board's 7, or 4)
};

struct GpuState {
  int index = 0;   // global GPU index
  int server = 0;  // global server index
  int local = 0;   // index within its server
  const GpuModel* model = nullptr;
  int pool = 0;  // index into ClusterState::pools()
  bool healthy = true;
  std::vector<Slice> slices;
  // The sum of the slices' milli, kept by ClusterState: placement loops ask for it for
  // every GPU of every server on every decision.
  int milli_allocated = 0;

  int allocated_milli() const { return milli_allocated; }
  int free_milli() const { return 1000 - allocated_milli(); }
  int64_t allocated_fb_mib() const;
  bool empty() const { return slices.empty(); }
};

struct ServerState {
  int index = 0;
  std::string name;  // "a100[3]"
  int pool = 0;
  int64_t cpu_milli = 0, cpu_milli_used = 0;
  int64_t memory_mib = 0, memory_mib_used = 0;
  std::vector<int> gpus;  // global GPU indices
  bool accepting = true;  // false while drained, failed or powered off
  // Bumped by every change to what the server offers (CPU, memory, its GPUs' slices and
  // health, acceptance), so that a policy can keep per-server figures between decisions
  // and recompute only the servers that changed.
  uint64_t version = 0;
  int64_t cpu_free() const { return cpu_milli - cpu_milli_used; }
  int64_t memory_free() const { return memory_mib - memory_mib_used; }
};

/// A GPU instance pre-placed by a fixed MIG layout (the profile pointer saves look-ups in
/// placement loops; catalog/mig_layout.hpp's MigInstance names it instead).
struct FixedGpuInstance {
  const MigProfile* profile = nullptr;
  int start = 0;  // memory slice
};

/// One server pool: its slicing configuration and what the rules precompute for it.
struct PoolInfo {
  std::string name;
  PoolSlicing slicing;
  const GpuModel* model = nullptr;
  const SliceRules* rules = nullptr;            // resolved from `slicing` by add_pool
  std::vector<FixedGpuInstance> mig_instances;  // fixed MIG layout, by ascending start
};

/// Whether `model` is one of `allowed` (by name or alias); an empty list allows any.
bool model_allowed(const GpuModel* model, const std::vector<std::string>& allowed);

}  // namespace vgpusim
