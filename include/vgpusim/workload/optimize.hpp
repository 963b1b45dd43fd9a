#pragma once
// `optimize` (TensorRT engine build): a build time measured on a reference GPU, scaled by
// model size and by GPU speed; its output is a speed-up (and optionally a precision) for
// the serve stages after it. Formulas and sources of the defaults: docs/cost-models.md.
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim {

inline constexpr double kOptimizeDefaultBuildTime = 15 * 60.0;  // s (judgement)
inline constexpr double kOptimizeDefaultReferenceParams = 7e9;  // (judgement)
// TensorRT-LLM vs the same H100 without it, GPT-J 6B (NVIDIA blog, Sept 2023): 2x.
inline constexpr double kOptimizeDefaultSpeedup = 2.0;
inline constexpr const char* kDefaultReferenceGpu = "A100-PCIe-80GB";
// Precision whose peak measures "GPU speed" for build and inference scaling: the usual
// TensorRT build / inference precision.
inline constexpr Precision kInferenceReferencePrecision = Precision::fp16;

struct OptimizeConfig {
  double build_time_s = kOptimizeDefaultBuildTime;  // on the reference GPU, reference size
  std::string reference_gpu = kDefaultReferenceGpu;
  std::optional<double> params;  // model size; unset: no size scaling
  double reference_params = kOptimizeDefaultReferenceParams;
  double speedup = kOptimizeDefaultSpeedup;
  std::optional<Precision> precision;  // of the built engine; also the scaling precision

  static OptimizeConfig from_params(const StageParams& p);
};

class OptimizeCostModel : public StageCostModel {
 public:
  explicit OptimizeCostModel(OptimizeConfig c) : config_(std::move(c)) {}
  /// compute_gpu_seconds = build_time x (ref_peak / board_peak) x (params / reference_params)
  /// on one whole GPU (a build uses one GPU, whatever the stage holds).
  StagePlan plan(const StageResources& res) const override;
  const OptimizeConfig& config() const { return config_; }

 private:
  OptimizeConfig config_;
};

std::vector<StageParamSpec> optimize_param_specs();
std::vector<StageParamIssue> validate_optimize_params(const StageParams& p, const Catalog& c);
StageKindInfo optimize_kind_info();

}  // namespace vgpusim
