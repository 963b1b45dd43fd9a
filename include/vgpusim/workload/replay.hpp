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

struct ReplayConfig {
  double work_s = 0;          // whole-GPU seconds per GPU on the reference board
  double checkpoint_bytes = 0;  // written on preemption, read back on resume
  std::string reference_gpu;  // empty: the board the job lands on (no scaling)
  Precision precision = kReplayDefaultPrecision;
  static ReplayConfig from_params(const StageParams& p);
};

class ReplayCostModel : public StageCostModel {
 public:
  explicit ReplayCostModel(ReplayConfig c) : config_(std::move(c)) {}
  /// compute_gpu_seconds = work x ref_peak / board_peak (1 without a reference, or on a
  /// board with no published peak at that precision); CPU-only: compute_cpu_seconds = work.
  StagePlan plan(const StageResources& res) const override;

 private:
  ReplayConfig config_;
};

StageKindInfo replay_kind_info();

}  // namespace vgpusim
