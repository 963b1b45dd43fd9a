#include "vgpusim/workload/llm_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace vgpusim {

const std::vector<LlmArchitecture>& builtin_llms() {
  // Figures from each model's config.json on Hugging Face and its model card (parameter
  // count); docs/serving.md lists the sources. head_dim = hidden / attention heads.
  static const std::vector<LlmArchitecture> table{
      {"Llama-3.2-3B", 3.21e9, 28, 3072, 8, 128, 131072},
      {"Llama-3.1-8B", 8.03e9, 32, 4096, 8, 128, 131072},
      {"Llama-3.1-70B", 70.6e9, 80, 8192, 8, 128, 131072},
      {"Mistral-7B", 7.25e9, 32, 4096, 8, 128, 32768},
      {"Qwen2.5-7B", 7.61e9, 28, 3584, 4, 128, 32768},
      {"Qwen2.5-14B", 14.7e9, 48, 5120, 8, 128, 32768},
  };
  return table;
}

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
}  // namespace

const LlmArchitecture* find_llm(const std::string& name) {
  const std::string key = lower(name);
  for (const auto& m : builtin_llms())
    if (lower(m.name) == key) return &m;
  return nullptr;
}

std::string builtin_llm_names() {
  std::string out;
  for (const auto& m : builtin_llms()) out += (out.empty() ? "" : ", ") + m.name;
  return out;
}

std::optional<LlmPrecision> parse_llm_precision(const std::string& s) {
  for (auto p : {LlmPrecision::fp16, LlmPrecision::bf16, LlmPrecision::fp8, LlmPrecision::int8,
                 LlmPrecision::int4})
    if (to_string(p) == s) return p;
  return std::nullopt;
}

std::string_view to_string(LlmPrecision p) {
  switch (p) {
    case LlmPrecision::fp16:
      return "fp16";
    case LlmPrecision::bf16:
      return "bf16";
    case LlmPrecision::fp8:
      return "fp8";
    case LlmPrecision::int8:
      return "int8";
    case LlmPrecision::int4:
      return "int4";
  }
  return "?";
}

double bytes_per_element(LlmPrecision p) {
  switch (p) {
    case LlmPrecision::fp16:
    case LlmPrecision::bf16:
      return 2.0;
    case LlmPrecision::fp8:
    case LlmPrecision::int8:
      return 1.0;
    case LlmPrecision::int4:
      return 0.5;
  }
  return 2.0;
}

Precision compute_precision(LlmPrecision w) {
  switch (w) {
    case LlmPrecision::fp8:
      return Precision::fp8;
    case LlmPrecision::int8:
      return Precision::int8;
    case LlmPrecision::bf16:
      return Precision::bf16;
    default:
      return Precision::fp16;  // fp16, and int4 weights dequantised to fp16 (weight-only)
  }
}

std::string precision_problem(LlmPrecision w, const GpuModel& board) {
  if (w != LlmPrecision::fp8 && w != LlmPrecision::int8) return "";
  const Precision p = compute_precision(w);
  if (board.peak_flops.count(p)) return "";
  return fmt::format("{} weights need {} tensor cores, which {} has not; use fp16, bf16 or int4",
                     to_string(w), to_string(p), board.name);
}

LlmCost::LlmCost(const LlmServing& serving, const LlmSlice& slice) : s_(serving), slice_(slice) {
  peak_ = slice.board ? slice.board->peak(compute_precision(s_.weights)) : 0;
}

double LlmCost::weights_bytes() const {
  return s_.model.params * bytes_per_element(s_.weights);
}

double LlmCost::kv_bytes_per_token() const {
  return 2.0 * s_.model.layers * s_.model.kv_heads * s_.model.head_dim * bytes_per_element(s_.kv);
}

double LlmCost::max_sequence_kv_bytes_per_gpu() const {
  // Whole blocks, as the cache allocates them.
  const auto tokens = static_cast<double>(blocks_for(s_.context_limit()) * s_.block_size);
  return kv_bytes_per_token() * tokens / s_.tensor_parallel;
}

double LlmCost::required_bytes_per_gpu() const {
  return weights_bytes() / s_.tensor_parallel + s_.activation_reserve +
         max_sequence_kv_bytes_per_gpu();
}

double LlmCost::usable_bytes_per_gpu() const {
  return slice_.framebuffer * s_.gpu_memory_utilization;
}

std::string LlmCost::fit_problem() const {
  const double need = required_bytes_per_gpu(), have = usable_bytes_per_gpu();
  if (need <= have) return "";
  constexpr double GiB = 1024.0 * 1024 * 1024;
  const double k = s_.tensor_parallel;
  return fmt::format(
      "{} ({} weights{}) does not fit: per GPU it needs {:.2f} GiB = weights {:.2f} GiB + "
      "activation reserve {:.2f} GiB + KV cache of one {}-token sequence {:.2f} GiB, but {} "
      "gives {:.2f} GiB x gpu_memory_utilization {} = {:.2f} GiB; use a larger profile, a "
      "narrower precision, more tensor_parallel GPUs or a smaller max_model_len",
      s_.model.name, to_string(s_.weights),
      s_.tensor_parallel > 1 ? fmt::format(", tensor_parallel {}", s_.tensor_parallel) : "",
      need / GiB, weights_bytes() / k / GiB, s_.activation_reserve / GiB, s_.context_limit(),
      max_sequence_kv_bytes_per_gpu() / GiB,
      slice_.board ? "the slice" : "the GPU", slice_.framebuffer / GiB, s_.gpu_memory_utilization,
      have / GiB);
}

int64_t LlmCost::blocks_for(int64_t tokens) const {
  return (tokens + s_.block_size - 1) / s_.block_size;
}

int64_t LlmCost::kv_capacity_blocks() const {
  const double k = s_.tensor_parallel;
  const double free_per_gpu = usable_bytes_per_gpu() - weights_bytes() / k - s_.activation_reserve;
  if (free_per_gpu <= 0) return 0;
  // Each GPU holds 1/k of every token's KV (its share of the KV heads).
  const double block_per_gpu = kv_bytes_per_token() / k * s_.block_size;
  return static_cast<int64_t>(std::floor(free_per_gpu / block_per_gpu));
}

double LlmCost::compute_time(double new_tokens) const {
  return 2.0 * s_.model.params * new_tokens / s_.tensor_parallel /
         (peak_ * slice_.compute_fraction * s_.mfu);
}

double LlmCost::memory_time(double context_tokens) const {
  const double bytes =
      (weights_bytes() + kv_bytes_per_token() * context_tokens) / s_.tensor_parallel;
  return bytes / (slice_.board->memory_bandwidth * slice_.memory_fraction * s_.mbu);
}

double LlmCost::allreduce_time(double new_tokens) const {
  const int k = s_.tensor_parallel;
  if (k < 2) return 0;
  // Two all-reduces of the activations (tokens x hidden, 2 bytes) per layer (after the
  // attention and after the MLP, Megatron-LM tensor parallelism); a ring all-reduce sends
  // 2 (k-1)/k of the buffer per GPU.
  const double buffer = new_tokens * s_.model.hidden * 2.0;
  const double bw = s_.tp_bandwidth > 0 ? s_.tp_bandwidth : slice_.board->host_link_bandwidth;
  return 2.0 * s_.model.layers * 2.0 * (k - 1) / k * buffer / bw;
}

double LlmCost::iteration_time(double new_tokens, double context_tokens) const {
  return std::max(compute_time(new_tokens), memory_time(context_tokens)) +
         allreduce_time(new_tokens);
}

}  // namespace vgpusim
