#include "vgpusim/workload/prep.hpp"

#include <stdexcept>

namespace vgpusim {

std::vector<StageParamSpec> prep_param_specs() {
  return {
      {"data", ParamType::bytes, "", true, "dataset bytes read from the storage service", {}},
      {"output",
       ParamType::bytes,
       "",
       false,
       "bytes written back to storage (default: half of `data`)",
       {}},
      {"engine",
       ParamType::choice,
       "rapids",
       false,
       "rapids: GPU dataframes (RAPIDS / Spark-RAPIDS); cpu: CPU-only (Spark on vCPUs)",
       {"rapids", "cpu"}},
      {"throughput_per_gpu",
       ParamType::bandwidth,
       "",
       false,
       "engine rapids: bytes/s one whole GPU processes (default: 90 MB/s on an "
       "A100-SXM4-40GB, scaled by the board's memory bandwidth)",
       {}},
      {"throughput_per_vcpu",
       ParamType::bandwidth,
       "5MB/s",
       false,
       "engine cpu: bytes/s one vCPU processes",
       {}},
  };
}

std::vector<StageParamIssue> validate_prep_params(const StageParams& p) {
  std::vector<StageParamIssue> issues;
  if (!p.has("data")) issues.push_back({"data", "prep needs `data` (bytes to read)"});
  if (p.has("data") && p.number("data") < 0) issues.push_back({"data", "`data` must be >= 0"});
  if (p.has("output") && p.number("output") < 0)
    issues.push_back({"output", "`output` must be >= 0"});
  const std::string engine = p.text("engine", "rapids");
  if (engine != "rapids" && engine != "cpu")
    issues.push_back({"engine", "unknown engine '" + engine + "'; known: rapids, cpu"});
  check_positive(p, {"throughput_per_gpu", "throughput_per_vcpu"}, issues);
  if (engine == "cpu" && p.has("throughput_per_gpu"))
    issues.push_back({"throughput_per_gpu", "`throughput_per_gpu` applies to engine: rapids"});
  return issues;
}

PrepConfig PrepConfig::from_params(const StageParams& p) {
  auto issues = validate_prep_params(p);
  if (!issues.empty())
    throw std::invalid_argument(issues.front().key + ": " + issues.front().message);
  PrepConfig c;
  c.data_bytes = p.number("data");
  c.output_bytes = p.number("output", kPrepDefaultOutputFraction * c.data_bytes);
  c.engine = p.text("engine", "rapids") == "cpu" ? PrepEngine::cpu : PrepEngine::rapids;
  if (p.has("throughput_per_gpu")) c.throughput_per_gpu = p.number("throughput_per_gpu");
  c.throughput_per_vcpu = p.number("throughput_per_vcpu", kPrepCpuThroughputPerVcpu);
  return c;
}

double default_rapids_throughput(const GpuModel& board) {
  return kPrepRapidsRefThroughput * board.memory_bandwidth / kPrepRapidsRefMemoryBandwidth;
}

StagePlan PrepCostModel::plan(const StageResources& res) const {
  StagePlan plan;
  plan.read_bytes = config_.data_bytes;
  plan.write_bytes = config_.output_bytes;
  if (config_.engine == PrepEngine::rapids) {
    if (!res.gpu) throw std::invalid_argument("prep with engine rapids needs a GPU board");
    const int n = res.gpus < 1 ? 1 : res.gpus;
    const double per_gpu = config_.throughput_per_gpu.value_or(default_rapids_throughput(*res.gpu));
    if (!(per_gpu > 0))
      throw std::invalid_argument("board " + res.gpu->name + " has no memory bandwidth");
    plan.compute_gpu_seconds = config_.data_bytes / (n * per_gpu);
  } else {
    const int v = res.vcpus < 1 ? 1 : res.vcpus;
    plan.compute_cpu_seconds = config_.data_bytes / (v * config_.throughput_per_vcpu);
  }
  return plan;
}

StageKindInfo prep_kind_info() {
  StageKindInfo info;
  info.params = prep_param_specs();
  info.needs_gpu = false;  // engine: cpu runs without one
  info.gpu_required = [](const StageParams& p) { return p.text("engine", "rapids") != "cpu"; };
  info.validate = [](const StageParams& p, const Catalog&) { return validate_prep_params(p); };
  info.make = [](const StageParams& p) -> std::unique_ptr<StageCostModel> {
    return std::make_unique<PrepCostModel>(PrepConfig::from_params(p));
  };
  return info;
}

}  // namespace vgpusim
