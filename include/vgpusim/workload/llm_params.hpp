#pragma once
// The scenario keys of a serve stage that serves an LLM (`model:` instead of
// `service_time`), their checks and their defaults (docs/serving.md). Engine-free.
#include <cstdint>
#include <optional>
#include <vector>

#include "vgpusim/workload/llm_model.hpp"
#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim {

enum class TokenDistribution { fixed, uniform, lognormal };

/// Token counts of the requests when they are drawn (not read from a trace).
struct LlmRequests {
  double prompt_tokens = 0;  // mean
  double output_tokens = 0;  // mean
  TokenDistribution distribution = TokenDistribution::fixed;
  double sigma = 0.5;  // lognormal: standard deviation of ln(tokens)
};

/// One token count of mean `mean`, >= 1: fixed gives round(mean); uniform draws an integer
/// in [1, 2 mean - 1]; lognormal exp(mu + sigma z) with mu = ln(mean) - sigma^2 / 2 (so the
/// mean is `mean`), z a standard normal from u1, u2 (Box-Muller). u1, u2 in [0, 1).
int64_t sample_tokens(double mean, TokenDistribution d, double sigma, double u1, double u2);

/// True when the serve stage names a model (built-in or inline).
bool serves_llm(const StageParams& p);

std::vector<StageParamSpec> llm_param_specs();
/// Cross-key checks of a serve stage with a model (the model, precisions, ranges).
std::vector<StageParamIssue> validate_llm_params(const StageParams& p);
/// The LLM keys given to a serve stage without a model, each an issue.
std::vector<StageParamIssue> stray_llm_params(const StageParams& p);
/// Whether the model fits `slice` (with tensor_parallel <= slice.gpus, the precision on
/// its board); the issues carry the sizes.
std::vector<StageParamIssue> check_llm_slice(const StageParams& p, const StageSlice& slice);

/// Throw std::invalid_argument on what validate_llm_params() rejects.
LlmServing llm_serving_from_params(const StageParams& p);
LlmRequests llm_requests_from_params(const StageParams& p);

/// The slice a stage gets from `board` for a vGPU `type` (null: whole GPUs), or a milli-GPU
/// fraction (`milli` < 1000 with a null type).
StageSlice stage_slice(const GpuModel& board, const VgpuType* type, int milli, int gpus);

}  // namespace vgpusim
