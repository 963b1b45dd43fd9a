#pragma once
// The per-mode slicing rules (SPEC 2.2) as strategy classes behind a registry keyed by
// rule name, so that ClusterState and the policies never branch on the mode:
//   passthrough, vgpu-equal, vgpu-mixed, mig, shared
// ClusterState does the mode-independent checks (GPU health, allowed GPU models, server
// CPU / memory, distinct GPUs per unit); a SliceRules says where one unit of a demand fits
// on one GPU, what slice it becomes, and how the GPU's slices share compute.
#include <array>
#include <memory>
#include <string>

#include "vgpusim/cluster/gpu_share.hpp"
#include "vgpusim/cluster/gpu_state.hpp"
#include "vgpusim/cluster/slicing.hpp"
#include "vgpusim/util/registry.hpp"

namespace vgpusim {

/// A fixed-capacity list of offsets (no allocation in placement loops). 64 covers every
/// shipped board: at most 24 mixed-size placement IDs, 7 MIG starts.
struct OffsetList {
  static constexpr int capacity = 64;
  std::array<int, capacity> v{};
  int n = 0;
  void push(int o) {
    if (n < capacity) v[static_cast<size_t>(n++)] = o;
  }
  bool contains(int o) const {
    for (int i = 0; i < n; ++i)
      if (v[static_cast<size_t>(i)] == o) return true;
    return false;
  }
};

/// One unit of a demand with its vGPU type resolved (nullptr for whole / milli demands or
/// an unknown type name).
struct UnitDemand {
  const GpuDemand* demand = nullptr;
  const VgpuType* type = nullptr;
};

class SliceRules {
 public:
  virtual ~SliceRules() = default;

  /// Checks `pool`'s slicing against its board once and fills per-pool precomputed data
  /// (the fixed MIG layout); false with the reason when the configuration is invalid.
  virtual bool prepare_pool(PoolInfo& pool, std::string* why) const = 0;

  /// Appends to `out` the offsets (ascending) where one unit fits on `g`, whose model and
  /// health ClusterState has checked; when none, the rule that forbids it in *why.
  virtual void fitting_offsets(const PoolInfo& pool, const GpuState& g, const UnitDemand& u,
                               OffsetList& out, std::string* why) const = 0;

  /// The slice one unit becomes at `offset` (one of fitting_offsets).
  virtual Slice make_slice(const PoolInfo& pool, const GpuState& g, const UnitDemand& u,
                           int offset) const = 0;

  /// Milli-GPU one unit takes (Slice::milli), or -1 when the demand does not apply.
  virtual int unit_milli(const PoolInfo& pool, const UnitDemand& u) const = 0;

  /// Compute shares of `g`'s slices given which are busy (gpu_share.hpp).
  virtual void shares(const PoolInfo& pool, const GpuState& g, GpuShares& out) const = 0;

  /// What an offset means in this mode, for messages ("placement ID", "MIG start").
  virtual const char* offset_name() const { return "offset"; }
};

using SliceRulesFactory = std::shared_ptr<const SliceRules>;
using SliceRulesRegistry = Registry<SliceRulesFactory>;

/// The process-wide registry with the built-in rules.
const SliceRulesRegistry& slice_rules_registry();

/// The registry key of a pool's slicing ("vgpu-mixed" for vgpu + size_mode mixed...).
std::string slice_rules_key(const PoolSlicing& s);

/// The rules of a slicing configuration (never null: every mode has an entry).
const SliceRules& slice_rules_for(const PoolSlicing& s);

/// Milli-GPU a GPU instance of `p` takes: 1000 x compute_slices / the board's compute slices
/// (7, or 4 on A30), rounded down.
int mig_profile_milli(const GpuModel& board, const MigProfile& p);

/// Milli-GPU a vGPU type takes on its board: MIG-backed as mig_profile_milli, time-sliced
/// 1000 x framebuffer / board framebuffer (both rounded down, so that a full GPU never counts
/// more than 1000).
int vgpu_type_milli(const VgpuType& t, const GpuModel& board);

}  // namespace vgpusim
