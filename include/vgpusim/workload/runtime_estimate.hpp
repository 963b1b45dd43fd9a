#pragma once
// Run-time estimates of stages before they run: what `sjf` orders by and what EASY
// backfilling reserves with (docs/policies.md). A batch scheduler gets these from users'
// wall-time requests; here the stage's own cost model gives them, at the share of a GPU
// the stage is guaranteed, so they are upper bounds when the GPU is shared work-conservingly
// and exact for an isolated slice with no competing traffic. Engine-free.
#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/cluster/slicing.hpp"
#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim {

/// What an estimate needs besides the stage's plan.
struct EstimateInputs {
  double gpu_share = 1;     // compute share guaranteed per GPU, in (0, 1]
  double io_bandwidth = 0;  // bytes/s for image, dataset and checkpoint traffic (0: free)
  double image_bytes = 0;   // container image pulled before the stage (0: cached)
};

/// Seconds from placement to the end of the stage: image pull, dataset read, compute at
/// `gpu_share` (CPU work at full speed), checkpoints and the output write, one after the
/// other as the engine runs them.
double estimate_runtime_s(const StagePlan& plan, const EstimateInputs& in);

/// The share of a GPU that one unit of `d` is guaranteed whatever its neighbours do:
/// 1 for whole GPUs and CPU-only work, milli/1000 for milli-GPU, 1/max_equal for a
/// time-sliced vGPU type (its fixed share), the profile's compute fraction (with the MIG
/// efficiency) for a MIG-backed type. Unknown types give 1.
double guaranteed_gpu_share(const GpuDemand& d, const Catalog& catalog);

struct Scenario;
struct StageSpec;

/// The estimate for stage `sp` of scenario `s` before it is placed: its cost model on the
/// board its demand names (a vGPU type's board, else the first pool whose board the demand
/// allows), at guaranteed_gpu_share, with its image pulled from storage; a service runs
/// for its requests' duration (or up to its last traced request).
double estimate_stage_runtime_s(const Scenario& s, const StageSpec& sp);

}  // namespace vgpusim
