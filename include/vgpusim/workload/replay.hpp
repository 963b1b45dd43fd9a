#pragma once
// `replay`: a job from a recorded trace (docs/traces.md). Its work is what the trace says
// it ran, in whole-GPU seconds per GPU on a reference board; the engine stretches it by
// the share the job actually receives (a half share takes twice as long) and this model
// by the board it lands on (ref_peak / board_peak at `precision`). Without a GPU the work
// runs on the VM's vCPUs. Engine-free.
#include <string>
#include <vector>

#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim {

/// The key importers set per job (each trace job has its own work).
inline constexpr const char* kReplayWorkKey = "work";
inline constexpr const char* kReplayCheckpointKey = "checkpoint.size";
// Trace durations are compared at fp32: the published traces (Philly 2017, Helios and PAI
// 2020) predate mixed precision as the common case (docs/traces.md).
inline constexpr Precision kReplayDefaultPrecision = Precision::fp32;

// Gradient traffic of a job spanning servers (docs/traces.md, "Multi-server jobs"): the
// trace records no model, so the scenario's assumption; the defaults are ResNet-50's.
inline constexpr double kReplayDefaultParams = 25557032;  // torchvision resnet50 num_params
// 112 images per GPU at 367 img/s: ResNet-50 v1.5, FP32, one V100 16 GB (NVIDIA
// DeepLearningExamples, PyTorch ConvNets README and configs.yml).
inline constexpr double kReplayDefaultIterationS = 112.0 / 367.0;
// Iterations merged into one round of activities by default: about six hours of the job.
// A round costs tens of activities (docs/training.md, "Scalability: rounds"); hour-long
// rounds cost a 20,000-job Philly-shaped replay 40 % more instructions, six-hour ones 9 %
// (docs/traces.md).
inline constexpr double kReplayDefaultRoundS = 6 * 3600;

struct ReplayConfig {
  double work_s = 0;          // whole-GPU seconds per GPU on the reference board
  double checkpoint_bytes = 0;  // written on preemption, read back on resume
  std::string reference_gpu;  // empty: the board the job lands on (no scaling)
  Precision precision = kReplayDefaultPrecision;
  // Data parallelism across servers: gradient bytes all-reduced per iteration (0: no
  // traffic), the iteration's duration on the reference ring, the overlapped fraction.
  double gradient_bytes = 0;
  double iteration_s = kReplayDefaultIterationS;
  double overlap = 0;
  int iterations_per_round = 1;
  static ReplayConfig from_params(const StageParams& p);
};

/// Compute per iteration (seconds at the job's share) such that one iteration takes
/// `iteration_s` when its ring all-reduce alone takes `allreduce_s`, `overlap` of it during
/// the backward pass (the train model of docs/training.md without latency):
///   iteration_s = c/3 + max(2c/3, overlap x allreduce_s) + (1 - overlap) x allreduce_s.
/// 0 when the all-reduce alone lasts the whole iteration or longer (no c > 0 fits).
double replay_iteration_compute(double iteration_s, double allreduce_s, double overlap);

class ReplayCostModel : public StageCostModel {
 public:
  explicit ReplayCostModel(ReplayConfig c) : config_(std::move(c)) {}
  /// compute_gpu_seconds = work x ref_peak / board_peak (1 without a reference, or on a
  /// board with no published peak at that precision); CPU-only: compute_cpu_seconds = work.
  /// On a gang with gradient bytes and a reference ring (StageResources::ring_bandwidth):
  /// ceil(recorded / iteration) iterations whose compute is calibrated so that they last
  /// the recorded duration on that ring (replay_iteration_compute), then board-scaled.
  StagePlan plan(const StageResources& res) const override;

 private:
  ReplayConfig config_;
};

StageKindInfo replay_kind_info();

}  // namespace vgpusim
