#include "vgpusim/workload/llm_params.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace vgpusim {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// Keys of an inline model; `model.name` alone picks a built-in one.
const char* const kInlineModelKeys[] = {"model.params", "model.layers", "model.hidden",
                                        "model.kv_heads", "model.head_dim"};

// Keys that only mean something with a model (their defaults live in from_params, so that
// giving one without a model can be reported).
const char* const kLlmOnlyKeys[] = {
    "precision", "kv_precision", "tensor_parallel", "tensor_parallel_bandwidth",
    "max_model_len", "gpu_memory_utilization", "activation_reserve", "mfu", "mbu",
    "kv_block_size", "batching.max_num_seqs", "batching.max_batched_tokens",
    "requests.prompt_tokens", "requests.output_tokens", "requests.token_distribution",
    "requests.token_sigma", "slo.ttft", "slo.tpot", "slo.latency", "warmup"};

bool is_int(double v) { return v == std::floor(v); }

}  // namespace

int64_t sample_tokens(double mean, TokenDistribution d, double sigma, double u1, double u2) {
  double v = mean;
  switch (d) {
    case TokenDistribution::fixed:
      break;
    case TokenDistribution::uniform: {
      // Integers 1 .. 2m-1 (mean m), each with probability 1 / (2m - 1).
      const double hi = std::max(1.0, 2.0 * std::round(mean) - 1.0);
      v = 1.0 + std::floor(u1 * hi);
      break;
    }
    case TokenDistribution::lognormal: {
      const double z = std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(2.0 * std::numbers::pi * u2);
      v = std::exp(std::log(mean) - sigma * sigma / 2.0 + sigma * z);
      break;
    }
  }
  return std::max<int64_t>(1, static_cast<int64_t>(std::llround(v)));
}

bool serves_llm(const StageParams& p) {
  if (p.has("model.name")) return true;
  for (const char* k : kInlineModelKeys)
    if (p.has(k)) return true;
  return false;
}

std::vector<StageParamSpec> llm_param_specs() {
  using T = ParamType;
  std::vector<StageParamSpec> s{
      {"model.name", T::text, "", false,
       "an LLM of the built-in table (`model: Llama-3.1-8B`), or the name of an inline one", {}},
      {"model.params", T::number, "", false, "inline model: parameters", {}},
      {"model.layers", T::integer, "", false, "inline model: transformer layers", {}},
      {"model.hidden", T::integer, "", false, "inline model: hidden size", {}},
      {"model.kv_heads", T::integer, "", false, "inline model: key/value heads (GQA)", {}},
      {"model.head_dim", T::integer, "", false, "inline model: dimension of one head", {}},
      {"model.max_context", T::integer, "", false, "inline model: longest context (tokens)", {}},
      {"precision", T::choice, "", false, "weights format (default bf16)",
       {"fp16", "bf16", "fp8", "int8", "int4"}},
      {"kv_precision", T::choice, "", false, "KV cache format (default bf16)",
       {"fp16", "bf16", "fp8"}},
      {"tensor_parallel", T::integer, "", false,
       "GPUs of one replica one model instance spans (default 1)", {}},
      {"tensor_parallel_bandwidth", T::bandwidth, "", false,
       "per-direction bandwidth between tensor-parallel GPUs (default: the board's host link)",
       {}},
      {"max_model_len", T::integer, "", false,
       "longest sequence (prompt + output) the server accepts (default: the model's context)",
       {}},
      {"gpu_memory_utilization", T::number, "", false,
       "fraction of the framebuffer the server may use (default 0.9, vLLM's)", {}},
      {"activation_reserve", T::bytes, "", false,
       "framebuffer per GPU kept for activations and the runtime (default 1GiB)", {}},
      {"mfu", T::number, "", false, "fraction of peak FLOP/s reached by prefill (default 0.5)",
       {}},
      {"mbu", T::number, "", false,
       "fraction of peak memory bandwidth reached by decode (default 0.8)", {}},
      {"kv_block_size", T::integer, "", false, "tokens per KV cache block (default 16, vLLM's)",
       {}},
      {"batching.max_num_seqs", T::integer, "", false,
       "most sequences in one iteration (default 256, vLLM's)", {}},
      {"batching.max_batched_tokens", T::integer, "", false,
       "most tokens in one iteration (default 2048, vLLM's)", {}},
      {"requests.prompt_tokens", T::number, "", false, "prompt tokens (mean)", {}},
      {"requests.output_tokens", T::number, "", false, "output tokens (mean)", {}},
      {"requests.token_distribution", T::choice, "", false,
       "distribution of the token counts (default fixed)", {"fixed", "uniform", "lognormal"}},
      {"requests.token_sigma", T::number, "", false,
       "lognormal: standard deviation of ln(tokens) (default 0.5)", {}},
      {"warmup", T::duration, "", false,
       "start-up of a replica once its weights are loaded (default 34s, vLLM's init engine)",
       {}},
      {"slo.ttft", T::duration, "", false, "time-to-first-token target of a request", {}},
      {"slo.tpot", T::duration, "", false, "time-per-output-token target of a request", {}},
      {"slo.latency", T::duration, "", false, "end-to-end latency target of a request", {}},
  };
  return s;
}

std::vector<StageParamIssue> stray_llm_params(const StageParams& p) {
  std::vector<StageParamIssue> out;
  for (const char* k : kLlmOnlyKeys)
    if (p.has(k))
      out.push_back({k, fmt::format("`{}` is for LLM serving: give `model` as well", k)});
  return out;
}

std::vector<StageParamIssue> validate_llm_params(const StageParams& p) {
  std::vector<StageParamIssue> out;
  const bool inline_model = p.has("model.params") || p.has("model.layers");
  if (!inline_model) {
    const std::string name = p.text("model.name");
    if (name.empty())
      out.push_back({"model", "give a built-in model name or the inline model's params, "
                              "layers, hidden, kv_heads and head_dim"});
    else if (!find_llm(name))
      out.push_back({"model", fmt::format("unknown model '{}'; built in: {} (or give params, "
                                          "layers, hidden, kv_heads and head_dim inline)",
                                          name, builtin_llm_names())});
  } else {
    for (const char* k : kInlineModelKeys)
      if (!p.has(k))
        out.push_back({k, fmt::format("an inline model needs `{}`", k)});
      else if (!(p.number(k) > 0))
        out.push_back({k, fmt::format("`{}` must be > 0", k)});
    if (!p.has("model.max_context") && !p.has("max_model_len"))
      out.push_back({"model.max_context", "an inline model needs `max_context` (or give "
                                          "`max_model_len`)"});
  }
  auto range = [&](const char* k, double lo, double hi, bool integer, const char* what) {
    if (!p.has(k)) return;
    const double v = p.number(k);
    if (!(v >= lo && v <= hi) || (integer && !is_int(v)))
      out.push_back({k, fmt::format("`{}` must be {}", k, what)});
  };
  range("tensor_parallel", 1, 64, true, "an integer in [1, 64]");
  range("max_model_len", 1, 1e8, true, "an integer >= 1");
  range("gpu_memory_utilization", 1e-9, 1, false, "in (0, 1]");
  range("activation_reserve", 0, 1e15, false, ">= 0");
  range("mfu", 1e-9, 1, false, "in (0, 1]");
  range("mbu", 1e-9, 1, false, "in (0, 1]");
  range("kv_block_size", 1, 1e6, true, "an integer >= 1");
  range("batching.max_num_seqs", 1, 1e7, true, "an integer >= 1");
  range("batching.max_batched_tokens", 1, 1e9, true, "an integer >= 1");
  range("tensor_parallel_bandwidth", 1e-9, 1e18, false, "> 0");
  range("requests.prompt_tokens", 1, 1e8, false, ">= 1");
  range("requests.output_tokens", 1, 1e8, false, ">= 1");
  range("requests.token_sigma", 0, 10, false, "in [0, 10]");
  range("warmup", 0, 1e9, false, "in [0, 1e9] s");
  for (const char* k : {"slo.ttft", "slo.tpot", "slo.latency"})
    range(k, 1e-12, 1e18, false, "> 0");
  if (!p.has("requests.trace"))
    for (const char* k : {"requests.prompt_tokens", "requests.output_tokens"})
      if (!p.has(k))
        out.push_back({k, fmt::format("LLM requests need `{}` (or a `requests.trace` with "
                                      "token columns)", k)});
  // A request must fit max_model_len: the server would refuse it.
  if (out.empty()) {
    const LlmServing s = llm_serving_from_params(p);
    const double longest = p.number("requests.prompt_tokens") + p.number("requests.output_tokens");
    const auto d = p.text("requests.token_distribution", "fixed");
    if (!p.has("requests.trace") && d == "fixed" && longest > static_cast<double>(s.context_limit()))
      out.push_back({"max_model_len",
                     fmt::format("a request of {} prompt + {} output tokens is longer than the "
                                 "{} tokens the server accepts",
                                 p.number("requests.prompt_tokens"),
                                 p.number("requests.output_tokens"), s.context_limit())});
  }
  return out;
}

LlmServing llm_serving_from_params(const StageParams& p) {
  LlmServing s;
  if (const LlmArchitecture* m = find_llm(p.text("model.name"))) {
    s.model = *m;
  } else if (p.has("model.params")) {
    s.model.name = p.text("model.name", "inline model");
    s.model.params = p.number("model.params");
    s.model.layers = static_cast<int>(p.number("model.layers"));
    s.model.hidden = static_cast<int>(p.number("model.hidden"));
    s.model.kv_heads = static_cast<int>(p.number("model.kv_heads"));
    s.model.head_dim = static_cast<int>(p.number("model.head_dim"));
    s.model.max_context = static_cast<int64_t>(p.number("model.max_context", 0));
  } else {
    throw std::invalid_argument("model: unknown model '" + p.text("model.name") + "'");
  }
  s.weights = parse_llm_precision(p.text("precision", "bf16")).value_or(LlmPrecision::bf16);
  s.kv = parse_llm_precision(p.text("kv_precision", "bf16")).value_or(LlmPrecision::bf16);
  s.tensor_parallel = static_cast<int>(p.number("tensor_parallel", 1));
  s.max_model_len = static_cast<int64_t>(p.number("max_model_len", 0));
  s.gpu_memory_utilization = p.number("gpu_memory_utilization", s.gpu_memory_utilization);
  s.activation_reserve = p.number("activation_reserve", s.activation_reserve);
  s.mfu = p.number("mfu", s.mfu);
  s.mbu = p.number("mbu", s.mbu);
  s.block_size = static_cast<int>(p.number("kv_block_size", s.block_size));
  s.max_num_seqs = static_cast<int>(p.number("batching.max_num_seqs", s.max_num_seqs));
  s.max_batched_tokens =
      static_cast<int>(p.number("batching.max_batched_tokens", s.max_batched_tokens));
  s.tp_bandwidth = p.number("tensor_parallel_bandwidth", 0);
  s.warmup_s = p.number("warmup", s.warmup_s);
  return s;
}

LlmRequests llm_requests_from_params(const StageParams& p) {
  LlmRequests r;
  r.prompt_tokens = p.number("requests.prompt_tokens", 0);
  r.output_tokens = p.number("requests.output_tokens", 0);
  const std::string d = p.text("requests.token_distribution", "fixed");
  r.distribution = d == "uniform"     ? TokenDistribution::uniform
                   : d == "lognormal" ? TokenDistribution::lognormal
                                      : TokenDistribution::fixed;
  r.sigma = p.number("requests.token_sigma", r.sigma);
  return r;
}

std::vector<StageParamIssue> check_llm_slice(const StageParams& p, const StageSlice& slice) {
  std::vector<StageParamIssue> out;
  if (!slice.board) return out;
  const LlmServing s = llm_serving_from_params(p);
  if (std::string why = precision_problem(s.weights, *slice.board); !why.empty())
    out.push_back({"precision", why});
  if (s.tensor_parallel > slice.gpus || slice.gpus % s.tensor_parallel != 0)
    out.push_back({"tensor_parallel",
                   fmt::format("tensor_parallel {} must divide the {} GPU(s) of one replica",
                               s.tensor_parallel, slice.gpus)});
  LlmSlice ls{slice.board, slice.framebuffer, slice.compute_fraction, slice.memory_fraction};
  const LlmCost cost(s, ls);
  if (std::string why = cost.fit_problem(); !why.empty())
    out.push_back({"model", fmt::format("on {}: {}", slice.label, why)});
  return out;
}

StageSlice stage_slice(const GpuModel& board, const VgpuType* type, int milli, int gpus) {
  StageSlice s;
  s.board = &board;
  s.gpus = gpus;
  s.framebuffer = static_cast<double>(board.framebuffer_mib) * kMiB;
  s.label = "a whole " + board.name;
  if (type) {
    s.framebuffer = static_cast<double>(type->framebuffer_mib) * kMiB;
    s.label = "vGPU " + type->name;
    if (type->mode == VgpuMode::mig)
      if (const MigProfile* prof = board.find_mig_profile(type->mig_profile)) {
        s.compute_fraction = board.mig_compute_fraction(*prof);
        s.memory_fraction = prof->memory_slices / 8.0;
      }
  } else if (milli > 0 && milli < 1000) {
    s.framebuffer *= milli / 1000.0;
    s.label = fmt::format("{} milli-GPU of {}", milli, board.name);
  }
  return s;
}

}  // namespace vgpusim
