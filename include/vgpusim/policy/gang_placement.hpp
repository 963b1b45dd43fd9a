#pragma once
// Gang placement strategies shared by policies (docs/training.md, "Placing a gang"). A
// gang's parts are filled server by server (fill_gang, cluster/gang.hpp); the strategies
// differ in the order of the servers. Engine-free.
#include "vgpusim/policy/policy.hpp"

namespace vgpusim {

// fewest_servers_gang, the default, is declared in policy.hpp.

/// The fewest racks first (racks that can host the most of the gang first), then within
/// them the fewest servers (as fewest_servers_gang). `max_racks` > 0: a gang that would
/// need more racks waits. On a star network (one rack) this is fewest_servers_gang.
GangDecision fewest_racks_gang(const Request& r, const ClusterState& c, int max_racks);

}  // namespace vgpusim
