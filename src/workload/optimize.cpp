#include "vgpusim/workload/optimize.hpp"

#include <stdexcept>

namespace vgpusim {

std::vector<StageParamSpec> optimize_param_specs() {
  return {
      {"build_time",
       ParamType::duration,
       "15min",
       false,
       "engine build time on the reference GPU for a model of `reference_params`",
       {}},
      {"reference_gpu",
       ParamType::text,
       kDefaultReferenceGpu,
       false,
       "board `build_time` was measured on",
       {}},
      {"params",
       ParamType::number,
       "",
       false,
       "model parameters; build time scales linearly with params / reference_params",
       {}},
      {"reference_params",
       ParamType::number,
       "7e9",
       false,
       "model size `build_time` was measured with",
       {}},
      {"speedup",
       ParamType::number,
       "2.0",
       false,
       "inference speed-up the engine gives the serve stages after it (>= 1 usually)",
       {}},
      {"precision",
       ParamType::choice,
       "",
       false,
       "precision of the built engine (also the precision GPU speeds are compared at)",
       {"fp32", "tf32", "fp16", "bf16", "fp8", "int8"}},
  };
}

std::vector<StageParamIssue> validate_optimize_params(const StageParams& p, const Catalog& c) {
  std::vector<StageParamIssue> issues;
  check_positive(p, {"build_time", "params", "reference_params", "speedup"}, issues);
  check_known_gpu("reference_gpu", p.text("reference_gpu", kDefaultReferenceGpu), c, issues);
  if (p.has("precision") && !parse_precision(p.text("precision")))
    issues.push_back({"precision", "unknown precision '" + p.text("precision") + "'"});
  return issues;
}

OptimizeConfig OptimizeConfig::from_params(const StageParams& p) {
  OptimizeConfig c;
  c.build_time_s = p.number("build_time", kOptimizeDefaultBuildTime);
  c.reference_gpu = p.text("reference_gpu", kDefaultReferenceGpu);
  if (p.has("params")) c.params = p.number("params");
  c.reference_params = p.number("reference_params", kOptimizeDefaultReferenceParams);
  c.speedup = p.number("speedup", kOptimizeDefaultSpeedup);
  if (p.has("precision")) c.precision = precision_param(p.text("precision"));
  for (double v : {c.build_time_s, c.reference_params, c.speedup, c.params.value_or(1.0)})
    if (!(v > 0))
      throw std::invalid_argument(
          "optimize: build_time, params, reference_params "
          "and speedup must be > 0");
  return c;
}

StagePlan OptimizeCostModel::plan(const StageResources& res) const {
  if (!res.gpu) throw std::invalid_argument("optimize needs a GPU board to plan on");
  const GpuModel& ref = resolve_reference_gpu(config_.reference_gpu, res.catalog);
  const Precision p = config_.precision.value_or(kInferenceReferencePrecision);
  const double size = config_.params ? *config_.params / config_.reference_params : 1.0;
  StagePlan plan;
  plan.compute_gpu_seconds = config_.build_time_s * peak_ratio(ref, *res.gpu, p) * size;
  plan.speedup_out = config_.speedup;
  plan.precision_out = config_.precision;
  return plan;
}

StageKindInfo optimize_kind_info() {
  StageKindInfo info;
  info.params = optimize_param_specs();
  info.validate = validate_optimize_params;
  info.make = [](const StageParams& p) -> std::unique_ptr<StageCostModel> {
    return std::make_unique<OptimizeCostModel>(OptimizeConfig::from_params(p));
  };
  return info;
}

}  // namespace vgpusim
