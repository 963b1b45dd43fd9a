#pragma once
// `serve` (Triton Inference Server): a long-running service, not a StagePlan kind. The
// engine runs `replicas` VMs; requests arrive (Poisson at `requests.rate` or from a trace)
// over `requests.duration`; a replica serves batches of up to `max_batch` requests, waiting
// at most `max_delay` to fill one. This header holds the engine-free part: parameters and
// the service-time formula. Sources of the defaults: docs/cost-models.md.
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/workload/llm_params.hpp"
#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim {

// Batch-time growth per extra request: fit of t(b) = t(1) x (1 + k (b-1)) to NVIDIA's
// ResNet-50 Triton/TensorRT FP16 measurements on one A100 80GB (DeepLearningExamples,
// 2021): t(1) = 2.128 ms, t(8) = 3.895 ms, t(16) = 5.793 ms -> k = 0.12 to 0.11.
inline constexpr double kServeDefaultBatchScaling = 0.12;

enum class ServiceDistribution { deterministic, exponential };
enum class Dispatch { shared_queue, jsq };

/// Inverse-CDF sample of an exponential distribution with `mean`, from u in [0, 1): the
/// caller owns the seeded generator so that runs stay deterministic.
double sample_exponential(double mean, double u);

struct ServeModel {
  double rate = 0;            // requests/s (Poisson); 0 when a trace drives arrivals
  double duration_s = 0;      // how long requests arrive
  std::string trace;          // requests.trace: path; empty = Poisson
  double service_time_s = 0;  // batch of 1 on the reference GPU, whole GPU, no speed-up
  std::string reference_gpu = "A100-PCIe-80GB";
  double reference_peak = 0;  // FLOP/s of the reference GPU at the inference precision
  int max_batch = 1;
  double max_delay_s = 0;
  double batch_scaling = kServeDefaultBatchScaling;
  ServiceDistribution service = ServiceDistribution::deterministic;
  Dispatch dispatch = Dispatch::shared_queue;
  std::optional<double> slo_p50_s, slo_p95_s, slo_p99_s;
  // LLM serving (`model:` instead of `service_time`; docs/serving.md).
  std::optional<LlmServing> llm;
  LlmRequests llm_requests;
  std::optional<double> slo_ttft_s, slo_tpot_s, slo_latency_s;  // per request

  /// Resolves `reference_gpu` in `catalog` (null: builtin). Throws std::invalid_argument on
  /// parameters validate_serve_params() rejects.
  static ServeModel from_params(const StageParams& p, const Catalog* catalog = nullptr);

  /// Mean time to serve a batch of b on `board` with GPU `share` (0, 1] and an optimize
  /// `speedup`: service_time x (1 + batch_scaling (b-1)) x (ref_peak / board_peak)
  ///          / (share x speedup).
  double batch_service_time(int b, const GpuModel& board, double share, double speedup) const;

  /// One service time: the mean when deterministic, an exponential sample of that mean
  /// (from uniform u in [0, 1)) when `service: exponential`.
  double sample_batch_service_time(int b, const GpuModel& board, double share, double speedup,
                                   double u) const;

  /// Poisson arrivals: the gap to the next request, from uniform u in [0, 1).
  double sample_interarrival(double u) const { return sample_exponential(1.0 / rate, u); }
};

std::vector<StageParamSpec> serve_param_specs();
std::vector<StageParamIssue> validate_serve_params(const StageParams& p, const Catalog& c);
StageKindInfo serve_kind_info();

}  // namespace vgpusim
