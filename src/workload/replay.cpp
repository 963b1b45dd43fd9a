#include "vgpusim/workload/replay.hpp"

#include <stdexcept>

namespace vgpusim {

ReplayConfig ReplayConfig::from_params(const StageParams& p) {
  ReplayConfig c;
  c.work_s = p.number(kReplayWorkKey, 0);
  c.checkpoint_bytes = p.number(kReplayCheckpointKey, 0);
  c.reference_gpu = p.text("reference_gpu");
  if (p.has("precision")) c.precision = precision_param(p.text("precision"));
  if (!(c.work_s >= 0)) throw std::invalid_argument("replay: work must be >= 0");
  return c;
}

StagePlan ReplayCostModel::plan(const StageResources& res) const {
  StagePlan plan;
  // No periodic checkpoints (checkpoint_every_s 0): the state is written only when a
  // preemptive queue discipline stops the job, and read back when it resumes.
  plan.checkpoint_bytes = config_.checkpoint_bytes;
  if (!res.gpu) {
    plan.compute_cpu_seconds = config_.work_s;
    return plan;
  }
  double ratio = 1;
  if (!config_.reference_gpu.empty() && config_.reference_gpu != res.gpu->name) {
    const GpuModel& ref = resolve_reference_gpu(config_.reference_gpu, res.catalog);
    // A board the trace names without figures (openb's anonymised G2, G3) runs at the
    // reference's speed: there is nothing to scale by.
    if (ref.peak(config_.precision) > 0 && res.gpu->peak(config_.precision) > 0)
      ratio = peak_ratio(ref, *res.gpu, config_.precision);
  }
  plan.compute_gpu_seconds = config_.work_s * ratio;
  return plan;
}

StageKindInfo replay_kind_info() {
  StageKindInfo info;
  info.params = {
      {kReplayWorkKey, ParamType::duration, "", true,
       "whole-GPU seconds per GPU on the reference board (importers set it per job)", {}},
      {"reference_gpu", ParamType::text, "", false,
       "board the work was measured on; empty: the board the job lands on", {}},
      {"precision", ParamType::choice, "fp32", false,
       "precision at which boards are compared", {"fp32", "tf32", "fp16", "bf16", "fp8", "int8"}},
      {kReplayCheckpointKey, ParamType::bytes, "0", false,
       "bytes written when the job is preempted and read back when it resumes", {}},
  };
  info.gpu_required = [](const StageParams&) { return false; };
  info.validate = [](const StageParams& p, const Catalog& c) {
    std::vector<StageParamIssue> issues;
    const std::string ref = p.text("reference_gpu");
    if (!ref.empty()) check_known_gpu("reference_gpu", ref, c, issues);
    return issues;
  };
  info.make = [](const StageParams& p) -> std::unique_ptr<StageCostModel> {
    return std::make_unique<ReplayCostModel>(ReplayConfig::from_params(p));
  };
  return info;
}

}  // namespace vgpusim
