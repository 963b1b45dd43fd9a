#pragma once
// Internal: the built-in SliceRules and helpers they share. Registered by
// slice_rules_registry() (explicitly, not by static initialisers, which a static library
// may drop).
#include <memory>
#include <string>

#include "vgpusim/cluster/slice_rules.hpp"

namespace vgpusim::detail {

std::shared_ptr<const SliceRules> make_passthrough_rules();
std::shared_ptr<const SliceRules> make_shared_rules();
std::shared_ptr<const SliceRules> make_vgpu_equal_rules();
std::shared_ptr<const SliceRules> make_vgpu_mixed_rules();
std::shared_ptr<const SliceRules> make_mig_rules();

/// "vGPU type 'X'", "300 milli-GPU", "2 whole GPUs": a demand as messages name it.
std::string describe(const GpuDemand& d);

/// Checks a vGPU demand's type for a time-sliced or MIG pool: the kind is vgpu, the type
/// is known, its mode matches, its board is the pool's. False with the reason otherwise.
bool check_vgpu_type(const PoolInfo& pool, const GpuState& g, const UnitDemand& u, bool want_mig,
                     std::string* why);

/// Resident slices of `g` of vGPU type `name`.
int count_type(const GpuState& g, const std::string& name);

}  // namespace vgpusim::detail
