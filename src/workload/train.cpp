#include "vgpusim/workload/train.hpp"

#include <cmath>
#include <stdexcept>

namespace vgpusim {

double training_flops(double params, double tokens) {
  return 6.0 * params * tokens;
}

double gradient_element_bytes(Precision p) {
  return p == Precision::fp32 || p == Precision::tf32 ? 4.0 : 2.0;
}

double bucket_overlap(double gradient_bytes, double bucket) {
  if (!(gradient_bytes > bucket)) return 0;
  return 1.0 - bucket / gradient_bytes;
}

double ring_hop_bytes(int gpus, double gradient_bytes) {
  if (gpus < 2) return 0;
  return 2.0 * (gpus - 1) / gpus * gradient_bytes;
}

double multi_gpu_efficiency(int n, double per_doubling) {
  if (n <= 1) return 1.0;
  return std::pow(per_doubling, std::log2(static_cast<double>(n)));
}

std::vector<StageParamSpec> train_param_specs() {
  std::vector<std::string> precisions = {"fp32", "tf32", "fp16", "bf16", "fp8"};
  return {
      {"params", ParamType::number, "", false, "model parameters (e.g. 7e9); with `tokens`", {}},
      {"tokens", ParamType::number, "", false, "training tokens (e.g. 2e9); with `params`", {}},
      {"flops",
       ParamType::number,
       "",
       false,
       "total training FLOPs, instead of params and tokens",
       {}},
      {"precision", ParamType::choice, "bf16", false,
       "math precision; selects the board's peak throughput", precisions},
      {"mfu",
       ParamType::number,
       "0.4",
       false,
       "model FLOPs utilisation: achieved / peak FLOP/s (0 < mfu <= 1)",
       {}},
      {"scaling_efficiency",
       ParamType::number,
       "0.95",
       false,
       "parallel efficiency per doubling of the GPU count: eff(n) = e^log2(n)",
       {}},
      {"checkpoint.every",
       ParamType::duration,
       "",
       false,
       "checkpoint period, in compute progress (absent: no checkpoints)",
       {}},
      {"checkpoint.size", ParamType::bytes, "", false, "bytes written per checkpoint", {}},
      // Data parallelism across servers (docs/training.md).
      {"batch", ParamType::integer, "1024", false,
       "global batch: sequences per iteration (iterations = tokens / (batch x sequence_length))",
       {}},
      {"sequence_length", ParamType::integer, "4096", false, "tokens per sequence", {}},
      {"iterations", ParamType::number, "", false,
       "training iterations, instead of tokens / (batch x sequence_length)", {}},
      {"gradient_bytes", ParamType::bytes, "", false,
       "bytes all-reduced per iteration (default: params x 2, or x 4 at fp32 / tf32)", {}},
      {"bucket", ParamType::bytes, "25MiB", false,
       "gradient bucket size: all buckets but the last are reduced during the backward pass",
       {}},
      {"overlap", ParamType::number, "", false,
       "fraction of the all-reduce run during the backward pass, in [0, 1] (default: "
       "1 - bucket / gradient_bytes)",
       {}},
      {"iterations_per_round", ParamType::integer, "1", false,
       "iterations merged into one round of activities (compute and ring comms)", {}},
  };
}

std::vector<StageParamIssue> validate_train_params(const StageParams& p) {
  std::vector<StageParamIssue> issues;
  const bool has_pt = p.has("params") || p.has("tokens");
  if (p.has("flops") && has_pt) {
    issues.push_back({"flops", "give either `flops` or `params` and `tokens`, not both"});
  } else if (!p.has("flops") && !has_pt) {
    issues.push_back({"", "train needs its work: `params` and `tokens`, or `flops`"});
  } else if (has_pt && !(p.has("params") && p.has("tokens"))) {
    const char* missing = p.has("params") ? "tokens" : "params";
    issues.push_back({missing, std::string("missing `") + missing +
                                   "`: FLOPs = 6 x params x tokens needs both (or give `flops`)"});
  }
  check_positive(p, {"params", "tokens", "flops"}, issues);
  for (const char* k : {"mfu", "scaling_efficiency"}) {
    double v = p.number(k, 0.5);
    if (!(v > 0 && v <= 1)) issues.push_back({k, std::string("`") + k + "` must be in (0, 1]"});
  }
  if (p.has("precision")) {
    auto pr = parse_precision(p.text("precision"));
    if (!pr || *pr == Precision::fp64 || *pr == Precision::int8)
      issues.push_back({"precision", "unknown precision '" + p.text("precision") +
                                         "'; known: fp32, tf32, fp16, bf16, fp8"});
  }
  check_positive(p, {"batch", "sequence_length", "iterations", "bucket"}, issues);
  if (p.has("gradient_bytes") && !(p.number("gradient_bytes") >= 0))
    issues.push_back({"gradient_bytes", "`gradient_bytes` must be >= 0"});
  if (p.has("overlap") && !(p.number("overlap") >= 0 && p.number("overlap") <= 1))
    issues.push_back({"overlap", "`overlap` must be in [0, 1]"});
  if (p.has("iterations_per_round")) {
    const double v = p.number("iterations_per_round");
    if (!(v >= 1 && v <= 1e9 && v == std::floor(v)))
      issues.push_back({"iterations_per_round", "`iterations_per_round` must be an integer >= 1"});
  }
  if (p.has("checkpoint.every") != p.has("checkpoint.size"))
    issues.push_back({p.has("checkpoint.every") ? "checkpoint.size" : "checkpoint.every",
                      "checkpoints need both `checkpoint.every` and `checkpoint.size`"});
  check_positive(p, {"checkpoint.every"}, issues);
  if (p.has("checkpoint.size") && p.number("checkpoint.size") < 0)
    issues.push_back({"checkpoint.size", "`checkpoint.size` must be >= 0"});
  return issues;
}

TrainConfig TrainConfig::from_params(const StageParams& p) {
  auto issues = validate_train_params(p);
  if (!issues.empty()) {
    const auto& i = issues.front();
    throw std::invalid_argument(i.key.empty() ? i.message : i.key + ": " + i.message);
  }
  TrainConfig c;
  c.flops =
      p.has("flops") ? p.number("flops") : training_flops(p.number("params"), p.number("tokens"));
  if (p.has("precision")) c.precision = precision_param(p.text("precision"));
  c.mfu = p.number("mfu", kTrainDefaultMfu);
  c.scaling_efficiency = p.number("scaling_efficiency", kTrainDefaultScalingEfficiency);
  c.checkpoint_every_s = p.number("checkpoint.every", 0);
  c.checkpoint_bytes = p.number("checkpoint.size", 0);
  if (p.has("iterations")) {
    c.iterations = p.number("iterations");
  } else if (p.has("tokens")) {
    const double per_iteration = p.number("batch", kTrainDefaultBatch) *
                                 p.number("sequence_length", kTrainDefaultSequenceLength);
    c.iterations = std::ceil(p.number("tokens") / per_iteration);
  }
  if (p.has("gradient_bytes"))
    c.gradient_bytes = p.number("gradient_bytes");
  else if (p.has("params"))
    c.gradient_bytes = p.number("params") * gradient_element_bytes(c.precision);
  c.overlap = p.has("overlap") ? p.number("overlap")
                               : bucket_overlap(c.gradient_bytes,
                                                p.number("bucket", kTrainDefaultBucketBytes));
  c.iterations_per_round = static_cast<int>(p.number("iterations_per_round", 1));
  return c;
}

StagePlan TrainCostModel::plan(const StageResources& res) const {
  if (!res.gpu) throw std::invalid_argument("train needs a GPU board to plan on");
  const int n = res.gpus < 1 ? 1 : res.gpus;
  const double peak = res.gpu->peak(config_.precision);
  if (!(peak > 0))
    throw std::invalid_argument("board " + res.gpu->name + " has no peak throughput for " +
                                std::string(to_string(config_.precision)));
  // Across servers the ring all-reduce is simulated on the network (docs/training.md):
  // scaling_efficiency then stands for what stays inside a server, over its GPUs only.
  const int servers = res.servers < 1 ? 1 : res.servers;
  const int local = (n + servers - 1) / servers;
  StagePlan plan;
  plan.compute_gpu_seconds = config_.flops / (n * peak * config_.mfu *
                                              multi_gpu_efficiency(local, config_.scaling_efficiency));
  plan.iterations = config_.iterations;
  plan.gradient_bytes = config_.gradient_bytes;
  plan.overlap = config_.overlap;
  plan.iterations_per_round = config_.iterations_per_round;
  plan.checkpoint_every_s = config_.checkpoint_every_s;
  plan.checkpoint_bytes = config_.checkpoint_every_s > 0 ? config_.checkpoint_bytes : 0;
  return plan;
}

StageKindInfo train_kind_info() {
  StageKindInfo info;
  info.params = train_param_specs();
  info.needs_gpu = true;
  info.validate = [](const StageParams& p, const Catalog&) { return validate_train_params(p); };
  info.make = [](const StageParams& p) -> std::unique_ptr<StageCostModel> {
    return std::make_unique<TrainCostModel>(TrainConfig::from_params(p));
  };
  return info;
}

}  // namespace vgpusim
