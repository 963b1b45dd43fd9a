#pragma once
// `train` (PyTorch / TensorFlow): total FLOPs = 6 x params x tokens (or explicit `flops`),
// run at peak(precision) x MFU, scaled by a multi-GPU efficiency. Formulas and sources of
// the defaults: docs/cost-models.md.
#include <string>
#include <vector>

#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim {

// Defaults; see docs/cost-models.md for where each comes from.
inline constexpr double kTrainDefaultMfu = 0.4;
inline constexpr double kTrainDefaultScalingEfficiency = 0.95;  // per doubling of GPUs
inline constexpr Precision kTrainDefaultPrecision = Precision::bf16;
// Data parallelism across servers (docs/training.md).
inline constexpr double kTrainDefaultBatch = 1024;           // sequences per iteration
inline constexpr double kTrainDefaultSequenceLength = 4096;  // tokens per sequence
inline constexpr double kTrainDefaultBucketBytes = 25.0 * 1024 * 1024;  // PyTorch DDP

struct TrainConfig {
  double flops = 0;  // total training FLOPs of the whole job
  Precision precision = kTrainDefaultPrecision;
  double mfu = kTrainDefaultMfu;
  double scaling_efficiency = kTrainDefaultScalingEfficiency;
  double checkpoint_every_s = 0;  // 0: no checkpoints
  double checkpoint_bytes = 0;
  // Data parallelism: iterations (0: unknown, no synchronisation) and what each all-reduces.
  double iterations = 0;
  double gradient_bytes = 0;
  double overlap = 0;  // fraction of the all-reduce during the backward pass
  int iterations_per_round = 1;

  /// Throws std::invalid_argument on what validate_train_params() reports.
  static TrainConfig from_params(const StageParams& p);
};

/// 6 x params x tokens: forward (2) + backward (4) FLOPs per parameter per token
/// (Kaplan et al. 2020; Hoffmann et al. 2022).
double training_flops(double params, double tokens);

/// Bytes per gradient element all-reduced at `p`: 4 for fp32 and tf32 (tf32 is a math
/// mode on fp32 tensors), 2 otherwise (mixed precision reduces bf16 / fp16 gradients;
/// fp8 training keeps its gradients in bf16).
double gradient_element_bytes(Precision p);

/// Fraction of an iteration's all-reduce that runs during its backward pass when gradients
/// are reduced in buckets of `bucket` bytes: all but the last bucket, 1 - bucket / gradient
/// bytes (0 when one bucket holds them all).
double bucket_overlap(double gradient_bytes, double bucket);

/// Bytes each hop of a ring all-reduce over `gpus` GPUs carries per all-reduce of
/// `gradient_bytes`: reduce-scatter then all-gather, 2 (n-1) steps of 1/n of the gradients,
/// so 2 (n-1)/n x gradient bytes (Patarasuk and Yuan, JPDC 2009; docs/training.md).
double ring_hop_bytes(int gpus, double gradient_bytes);

/// Parallel efficiency of n GPUs: e^(log2 n), e the efficiency per doubling; 1 for n <= 1.
double multi_gpu_efficiency(int n, double per_doubling);

class TrainCostModel : public StageCostModel {
 public:
  explicit TrainCostModel(TrainConfig c) : config_(c) {}
  /// compute_gpu_seconds = flops / (n x peak x mfu x eff(n)), per GPU, whole GPU.
  StagePlan plan(const StageResources& res) const override;
  const TrainConfig& config() const { return config_; }

 private:
  TrainConfig config_;
};

std::vector<StageParamSpec> train_param_specs();
std::vector<StageParamIssue> validate_train_params(const StageParams& p);
StageKindInfo train_kind_info();

}  // namespace vgpusim
