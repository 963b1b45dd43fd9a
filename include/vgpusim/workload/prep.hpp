#pragma once
// `prep` (RAPIDS / Spark-RAPIDS style data preparation): read `data` bytes from storage,
// process them at a per-GPU (engine: rapids) or per-vCPU (engine: cpu) throughput, write
// `output` bytes back. Formulas and sources of the defaults: docs/cost-models.md.
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim {

// Per-GPU RAPIDS throughput on the reference board (A100-SXM4-40GB, DGX A100 2020):
// TPCx-BB SF10K (10 TB) on 128 A100 in ~14.5 min (NVIDIA, June 2020) = 10e12 / 870 / 128.
inline constexpr double kPrepRapidsRefThroughput = 90e6;         // bytes/s per GPU
inline constexpr double kPrepRapidsRefMemoryBandwidth = 1555e9;  // A100-SXM4-40GB, bytes/s
inline constexpr double kPrepCpuThroughputPerVcpu = 5e6;         // bytes/s per vCPU (judgement)
inline constexpr double kPrepDefaultOutputFraction = 0.5;        // output / data (judgement)

enum class PrepEngine { rapids, cpu };

struct PrepConfig {
  double data_bytes = 0;
  double output_bytes = 0;
  PrepEngine engine = PrepEngine::rapids;
  std::optional<double> throughput_per_gpu;  // bytes/s; unset: scaled from the reference
  double throughput_per_vcpu = kPrepCpuThroughputPerVcpu;

  static PrepConfig from_params(const StageParams& p);
};

/// The default RAPIDS throughput of one whole GPU of `board`: the reference throughput
/// scaled by board memory bandwidth / reference memory bandwidth (ETL is bandwidth-bound).
double default_rapids_throughput(const GpuModel& board);

class PrepCostModel : public StageCostModel {
 public:
  explicit PrepCostModel(PrepConfig c) : config_(c) {}
  /// rapids: compute_gpu_seconds = data / (gpus x throughput_per_gpu), per GPU.
  /// cpu: compute_cpu_seconds = data / (vcpus x throughput_per_vcpu), wall time of the VM.
  StagePlan plan(const StageResources& res) const override;
  const PrepConfig& config() const { return config_; }

 private:
  PrepConfig config_;
};

std::vector<StageParamSpec> prep_param_specs();
std::vector<StageParamIssue> validate_prep_params(const StageParams& p);
StageKindInfo prep_kind_info();

}  // namespace vgpusim
