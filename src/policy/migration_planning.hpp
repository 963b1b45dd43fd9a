#pragma once
// Planning helpers shared by the migrating policies (defrag, consolidate): what a server
// hosts, and where a VM would go, tried on a copy of the cluster state. Engine-free.
#include <map>
#include <optional>
#include <vector>

#include "vgpusim/policy/policy.hpp"

namespace vgpusim::migration_planning {

/// The placed VMs by owner id (from ClusterView::placed).
std::map<int64_t, const Request*> placed_by_id(const ClusterView& view);

/// The VMs with slices on server `s` that the view knows, ascending by GPU milli then id.
std::vector<const Request*> vms_on(const ClusterState& c, int s,
                                   const std::map<int64_t, const Request*>& placed);

/// Best-fit destination for `vm` on another server than `avoid` whose board is the one
/// the VM is on now (fullest fitting server first when `fullest`, else least free GPU);
/// servers in `exclude` are skipped.
std::optional<Placement> destination(const ClusterState& c, const Request& vm, int from_server,
                                     int avoid, const std::vector<char>& exclude);

/// Whether `r` fits on some server now.
bool fits_somewhere(const ClusterState& c, const Request& r);

}  // namespace vgpusim::migration_planning
