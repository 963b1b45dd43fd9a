#pragma once
// Multi-server gangs (docs/training.md): a request asking for more GPUs than one server
// holds is placed as several single-server parts that start together or not at all. Each
// part is an ordinary placement of a part request (some of the GPUs, the CPU and memory
// in proportion), allocated in ClusterState under its own owner id, so that the slicing
// rules, the share model and the accounting see ordinary slices. Engine-free.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"

namespace vgpusim {

/// Where a gang goes: one placement per server. parts[0] is the leader (the owner id of
/// the request itself); the GPU units of all parts add up to the request's.
struct GangPlacement {
  std::vector<Placement> parts;
  int units() const;
};

/// The most parts a gang may have (owner ids of parts are packed under this bound).
inline constexpr int kMaxGangParts = 4096;

/// The owner id of part `k` of request `id` in ClusterState: the id itself for the
/// leader, ids of their own (above every request and reservation id) for the others.
int64_t gang_part_owner(int64_t id, int k);

/// GPUs of the widest server of the cluster.
int widest_server_gpus(const ClusterState& c);

/// Whether `r` is a gang: it asks more GPUs than the widest server holds. Only demands
/// of whole GPUs, vGPU types or whole-GPU milli shares can be (a share of one GPU never is).
bool needs_gang(const ClusterState& c, const Request& r);

/// The request of a part holding `units` of r's GPU units: r's demand with that count,
/// its CPU and memory in proportion (rounded up), the part's owner id.
Request gang_part_request(const Request& r, int units, int k);

/// How many units of `r` server `s` could host now: GPUs where one unit fits, bounded by
/// its free CPU and memory at r's proportion per unit; 0 when it does not admit the board.
int gang_units_on(const ClusterState& c, const Request& r, int s);

/// Fills `r`'s units over `order`, each server taking as many as it can host (at most
/// what is left), with best-fit GPUs on each; nullopt when they do not add up.
std::optional<GangPlacement> fill_gang(const ClusterState& c, const Request& r,
                                       const std::vector<int>& order);

/// Whether `g` is a valid gang placement of `r` now: at least two parts on distinct
/// servers of one board, every part a valid placement of its part request, the units adding
/// up to r's; the reason when not.
bool check_gang(const ClusterState& c, const Request& r, const GangPlacement& g,
                std::string* why = nullptr);

/// Allocates every part (check_gang first; throws std::invalid_argument like allocate()).
void allocate_gang(ClusterState& c, const Request& r, const GangPlacement& g);

}  // namespace vgpusim
