#include "vgpusim/workload/replay.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "vgpusim/workload/train.hpp"

namespace vgpusim {

ReplayConfig ReplayConfig::from_params(const StageParams& p) {
  ReplayConfig c;
  c.work_s = p.number(kReplayWorkKey, 0);
  c.checkpoint_bytes = p.number(kReplayCheckpointKey, 0);
  c.reference_gpu = p.text("reference_gpu");
  if (p.has("precision")) c.precision = precision_param(p.text("precision"));
  if (!(c.work_s >= 0)) throw std::invalid_argument("replay: work must be >= 0");
  c.gradient_bytes = p.number("gradient_bytes", 0);
  c.iteration_s = p.number("iteration", kReplayDefaultIterationS);
  c.overlap = p.has("overlap") ? p.number("overlap")
                               : bucket_overlap(c.gradient_bytes,
                                                p.number("bucket", kTrainDefaultBucketBytes));
  c.iterations_per_round =
      p.has("iterations_per_round")
          ? static_cast<int>(p.number("iterations_per_round"))
          : static_cast<int>(std::max(1.0, std::floor(kReplayDefaultRoundS / c.iteration_s)));
  if (!(c.gradient_bytes >= 0) || !(c.iteration_s > 0) || !(c.overlap >= 0 && c.overlap <= 1) ||
      c.iterations_per_round < 1)
    throw std::invalid_argument(
        "replay: gradient_bytes >= 0, iteration > 0, overlap in [0, 1] and "
        "iterations_per_round >= 1");
  return c;
}

double replay_iteration_compute(double iteration_s, double allreduce_s, double overlap) {
  const double phi = std::clamp(overlap, 0.0, 1.0);
  const double a = std::max(0.0, allreduce_s);
  // The iteration grows with c (continuous, increasing): past c = 1.5 phi a the backward
  // pass hides the overlapped part, iteration = c + (1 - phi) a; below it the all-reduce
  // paces the backward pass, iteration = c/3 + a.
  const double knee = 1.5 * phi * a;
  if (iteration_s >= knee + (1 - phi) * a) return iteration_s - (1 - phi) * a;
  return std::max(0.0, 3.0 * (iteration_s - a));
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
  if (res.servers < 2 || !(config_.gradient_bytes > 0) || !(res.ring_bandwidth > 0) ||
      !(config_.work_s > 0))
    return plan;
  // A gang: its recorded duration is `iterations` iterations on the reference ring (each hop
  // at ring_bandwidth, idle, no latency) at its guaranteed share on the reference board.
  const double share = res.gpu_share > 0 ? res.gpu_share : 1.0;
  const double recorded = config_.work_s / share;
  const double iterations = std::max(1.0, std::ceil(recorded / config_.iteration_s));
  const double allreduce_s = ring_hop_bytes(res.gpus, config_.gradient_bytes) / res.ring_bandwidth;
  const double c = replay_iteration_compute(recorded / iterations, allreduce_s, config_.overlap);
  // An all-reduce as long as the recorded iteration leaves no compute to calibrate: the job
  // keeps its recorded time without traffic (docs/traces.md).
  if (!(c > 0)) return plan;
  plan.compute_gpu_seconds = iterations * c * share * ratio;
  plan.iterations = iterations;
  plan.gradient_bytes = config_.gradient_bytes;
  plan.overlap = config_.overlap;
  plan.iterations_per_round = config_.iterations_per_round;
  return plan;
}

StageKindInfo replay_kind_info() {
  constexpr double kInf = std::numeric_limits<double>::infinity();
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
      // Gradient traffic on a gang (docs/traces.md, "Multi-server jobs"); importers set them
      // from `gradients`.
      {"gradient_bytes", ParamType::bytes, "", false,
       "bytes all-reduced per iteration when the job spans servers; absent: no traffic", {}, 0,
       kInf, ""},
      {"iteration", ParamType::duration, "", false,
       "iteration time on the reference ring (default: ResNet-50 FP32 on a V100, 305 ms)", {},
       1e-6, kInf, ""},
      {"bucket", ParamType::bytes, "25MiB", false,
       "gradient bucket: all buckets but the last are reduced during the backward pass", {}, 1,
       kInf, ""},
      {"overlap", ParamType::number, "", false,
       "fraction of the all-reduce during the backward pass (default: 1 - bucket / "
       "gradient_bytes)", {}, 0, 1, "fraction"},
      {"iterations_per_round", ParamType::integer, "", false,
       "iterations merged into one round of activities (default: about six hours of them)", {},
       1, kInf, "iterations"},
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
