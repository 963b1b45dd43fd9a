#pragma once
// GPU fragmentation measures (SPEC 2.5, 2.7).
//
// FGD's fragment of a server for a task type m, F_m (Weng et al., "Beware of
// Fragmentation", USENIX ATC 2023; shared/reference/fgd-experiment.md), in milli-GPU, with
// c = the server's free CPU milli, g_j = free milli of GPU j and G = sum of g_j:
//   m CPU-only, or m's GPU models exclude the server's board     -> G
//   at least num_gpu(m) GPUs have g_j >= gpu_milli(m) and c >= cpu(m)
//                                                  -> sum of g_j over GPUs with g_j < gpu_milli(m)
//   otherwise (m cannot run here at all)                            -> G
// and F = sum over m of p_m x F_m. These are pure functions of a server's free resources:
// no allocation, so that a packing policy can call them millions of times, and the
// ServerFree overloads let it score a hypothetical placement by passing modified free milli.
//
// For reports, unallocatable_free_milli() counts free GPU capacity that none of a list of
// demands could use under the pools' own slicing rules (vGPU / MIG included).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "vgpusim/cluster/gpu_state.hpp"

namespace vgpusim {

class ClusterState;
struct Request;

/// One task type of the target workload and its popularity.
struct DemandType {
  int64_t cpu_milli = 0;
  int gpu_milli = 0;                    // per GPU: < 1000 shares one GPU, 1000 = whole GPUs
  int num_gpu = 0;                      // 0 = CPU-only
  std::vector<std::string> gpu_models;  // allowed boards, by name or alias (empty: any)
  double popularity = 0;                // p_m; the types of a workload sum to 1
};

/// What FGD reads of a server.
struct ServerFree {
  int64_t cpu_free = 0;
  const GpuModel* model = nullptr;
  std::span<const int> gpu_free;  // free milli of each GPU of the server
};

/// F_m in milli-GPU.
int64_t fragment_of(const ServerFree& s, const DemandType& m);
/// F = sum of p_m x F_m in milli-GPU.
double fragment(const ServerFree& s, std::span<const DemandType> types);

/// The same on the live state. An unhealthy GPU, and every GPU of a server that is not
/// accepting work, counts 0 free: capacity nobody can use is not a fragment of anything.
int64_t fragment_of(const ServerState& s, const std::vector<GpuState>& gpus, const DemandType& m);
double fragment(const ServerState& s, const std::vector<GpuState>& gpus,
                std::span<const DemandType> types);
/// Sum of F over all servers.
double cluster_fragment(const ClusterState& c, std::span<const DemandType> types);

/// Free milli of GPU `g` when one unit of `r` (server CPU / memory included) cannot be
/// placed on it, else 0: the per-GPU "stranded" capacity for the smallest popular demand.
int unusable_free_milli(const ClusterState& c, int g, const Request& r);

/// Sum over GPUs of the free milli that no request of `demands` could use: a GPU counts
/// when, for every demand, either its server cannot host the demand at all or the GPU is
/// not one of the GPUs a unit of it fits on. The report's "unallocatable free GPU milli".
int64_t unallocatable_free_milli(const ClusterState& c, std::span<const Request> demands);

}  // namespace vgpusim
