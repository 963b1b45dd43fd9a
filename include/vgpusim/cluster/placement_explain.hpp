#pragma once
// Why a request cannot be placed now, pool by pool (decisions.csv, `vgpusim run --explain`):
// for each pool, the first rule that refuses it on the server of the pool that came
// closest, with the numbers (what is asked, the most any server offers). Typed, so that
// the report can add up waiting time per kind of refusal; the text is made only when the
// outputs are written. Engine-free. Costs a walk over the cluster's GPUs: the controller
// calls it only when decisions are recorded.
#include <cstdint>
#include <string>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"

namespace vgpusim {

/// The checks of a placement, in the order ClusterState applies them to a server.
enum class RefusalKind {
  pool_cannot_host,  // not even on an empty server of the pool (`rule_detail` says why)
  not_accepting,     // every server of the pool is drained, failed or off
  cpu,               // not enough free vCPUs (milli)
  memory,            // not enough free memory (MiB)
  no_fitting_gpus,   // fewer GPUs where one unit fits than asked (`rule`: why not on the first)
  fits,              // some server of the pool can host it now
};

/// "cpu", "no_fitting_gpus", ...: the key decisions.csv and the report group by.
const char* to_string(RefusalKind k);

struct PoolRefusal {
  std::string pool;
  RefusalKind kind = RefusalKind::fits;
  int servers = 0;         // servers of the pool (fits: those that can host it)
  int64_t asked = 0;       // CPU milli, MiB or GPUs asked, per the kind
  int64_t best = 0;        // the most any server of the pool offers of it
  std::string server;      // the server that came closest (the one with `best`)
  std::string gpu;         // no_fitting_gpus: the first GPU of that server refusing a unit ("a100[3]/gpu2")
  std::string rule;        // no_fitting_gpus: the pool's slicing rules ("vgpu-equal") ...
  std::string rule_detail; // ... and their reason for that GPU (pool_cannot_host: why never)
  bool operator==(const PoolRefusal&) const = default;
};

/// One entry per pool, in pool order.
std::vector<PoolRefusal> explain_refusals(const ClusterState& c, const Request& r);

/// "no server with 2 GPUs where vGPU type 'A100D-20C' fits: most 1 (a100[3]); GPU
/// a100[3]/gpu2: vgpu-equal: GPU 26 hosts A100D-10C vGPUs; ..."
std::string refusal_text(const PoolRefusal& p);

/// "vGPU type 'A100D-20C' x2, 8 vCPUs, 32768 MiB": a request as decisions.csv shows it.
std::string describe_request(const Request& r);

}  // namespace vgpusim
