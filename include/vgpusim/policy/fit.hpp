#pragma once
// Feasibility helpers shared by the built-in policies. They defer to ClusterState's
// slicing rules (fitting_offsets) except for milli-GPU demands on `shared` pools, the
// hot path of the Alibaba packing experiment, where the rule is simple enough to inline
// (free milli >= asked, healthy GPU) and calling into the general rules would dominate.
#include <optional>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"

namespace vgpusim::fit {

/// Whether `m` is one of the demand's allowed boards (by name or alias; empty list: any).
bool model_allowed(const GpuDemand& d, const GpuModel* m);

/// Server-level admission: accepting, free CPU and memory, GPU model allowed, enough GPUs.
bool server_admits(const ClusterState& c, const Request& r, int s);

/// Free milli of GPU g as policies see it: 0 when the GPU is unhealthy.
int free_milli(const ClusterState& c, int g);

/// Milli of one GPU taken by one unit of the demand (milli, 1000 for whole GPUs, the
/// vGPU's accounted share otherwise); 0 for CPU-only requests.
int unit_milli(const GpuDemand& d, const Catalog& catalog);

/// Whether one unit of the demand fits on GPU g; its lowest offset in *offset.
bool unit_fits(const ClusterState& c, const Request& r, int g, int* offset = nullptr);

/// A fitting GPU of a server with its lowest offset and its free milli.
struct FitGpu {
  int gpu = -1;  // global index
  int offset = 0;
  int free = 0;
};
/// The GPUs of server s on which one unit fits, in local index order.
std::vector<FitGpu> fitting_gpus(const ClusterState& c, const Request& r, int s);

/// Places the units on the first gpus_needed() entries of `order`; nullopt if too few.
/// A CPU-only request gets a placement with no slots.
std::optional<Placement> take_first(const Request& r, int s, const std::vector<FitGpu>& order);

/// Best-fit GPU choice: fitting GPUs by increasing free milli, lowest index on ties.
std::optional<Placement> best_fit_gpus(const ClusterState& c, const Request& r, int s);

/// Worst-fit GPU choice: fitting GPUs by decreasing free milli, lowest index on ties.
std::optional<Placement> worst_fit_gpus(const ClusterState& c, const Request& r, int s);

/// Sum of free milli over the server's healthy GPUs (G in the FGD paper's notation).
int64_t server_free_milli(const ClusterState& c, int s);

/// The first server in index order that admits `r`, with its best-fit GPUs; nullopt when
/// none does. first-fit, and defrag before it migrates anything.
std::optional<Placement> first_fit(const ClusterState& c, const Request& r);

/// What server `s` would have left after placing `r`, as the FGD experiment weighs it:
/// 0.5 (c - cpu)/MaxCpu + 0.5 (G - num_gpu x gpu_milli)/MaxGpu; nullopt when too few of its
/// GPUs fit. best-fit minimises it, worst-fit maximises it.
std::optional<double> weighted_free_after(const ClusterState& c, const Request& r, int s,
                                          double max_cpu_milli, double max_gpu_milli);

}  // namespace vgpusim::fit
