#pragma once
// LLM serving cost model (docs/serving.md): what a decoder-only transformer needs in
// framebuffer, how many tokens of KV cache the rest holds, and how long one iteration of
// continuous batching takes on a GPU slice (prefill compute-bound, decode memory-bound,
// the max of the two: a roofline). Engine-free: the engine asks it for times and turns
// them into SimGrid execs; the loader asks it whether a model fits a vGPU profile.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"

namespace vgpusim {

/// The architecture figures the cost model needs, as published in each model's
/// config.json (sources per model in docs/serving.md).
struct LlmArchitecture {
  std::string name;
  double params = 0;       // parameters
  int layers = 0;          // num_hidden_layers
  int hidden = 0;          // hidden_size
  int kv_heads = 0;        // num_key_value_heads (GQA)
  int head_dim = 0;        // hidden_size / num_attention_heads unless given
  int64_t max_context = 0; // max_position_embeddings
};

/// The built-in table (Llama-3.1-8B, Llama-3.1-70B, Mistral-7B, Qwen2.5-7B, ...).
const std::vector<LlmArchitecture>& builtin_llms();
/// Case-insensitive look-up in the built-in table; null when absent.
const LlmArchitecture* find_llm(const std::string& name);
/// "Llama-3.1-8B, Llama-3.1-70B, ..." for error messages.
std::string builtin_llm_names();

/// Storage format of weights or KV cache. fp16/bf16: 2 bytes; fp8/int8: 1; int4: 0.5.
enum class LlmPrecision { fp16, bf16, fp8, int8, int4 };
std::optional<LlmPrecision> parse_llm_precision(const std::string& s);
std::string_view to_string(LlmPrecision p);
double bytes_per_element(LlmPrecision p);
/// The tensor-core precision the matrix products of weights in `w` run at: fp8 and int8
/// weights with activations of the same width (W8A8), int4 weight-only (fp16 compute).
Precision compute_precision(LlmPrecision w);
/// Why `board` cannot run weights stored as `w` (fp8 needs fp8 tensor cores, int8 int8
/// ones), or empty when it can.
std::string precision_problem(LlmPrecision w, const GpuModel& board);

/// What a serve stage says about the model and the server (all defaults in serving.md).
struct LlmServing {
  LlmArchitecture model;
  LlmPrecision weights = LlmPrecision::bf16;
  LlmPrecision kv = LlmPrecision::bf16;
  int tensor_parallel = 1;
  int64_t max_model_len = 0;  // 0: the model's max_context
  double gpu_memory_utilization = 0.9;
  double activation_reserve = 1.0 * (1ull << 30);  // bytes per GPU
  double mfu = 0.5;
  double mbu = 0.8;
  int block_size = 16;
  int max_num_seqs = 256;
  int max_batched_tokens = 2048;
  double tp_bandwidth = 0;  // bytes/s per direction between the TP GPUs; 0: board host link
  // A replica's start-up once its weights are in GPU memory (profiling run, KV cache
  // allocation, CUDA graph capture): vLLM logs "init engine (profile, create kv cache,
  // warmup model) took 34.11 seconds" (vllm-project/vllm issue #20264, 2025).
  double warmup_s = 34;
  int64_t context_limit() const {
    return max_model_len > 0 ? max_model_len : model.max_context;
  }
};

/// The GPU slice one tensor-parallel rank runs on.
struct LlmSlice {
  const GpuModel* board = nullptr;
  double framebuffer = 0;         // bytes of the vGPU / MIG instance / whole GPU
  double compute_fraction = 1.0;  // of the board's peak FLOP/s the time below assumes
  double memory_fraction = 1.0;   // of the board's memory bandwidth
};

/// The figures of one model instance (a group of `tensor_parallel` slices).
class LlmCost {
 public:
  LlmCost(const LlmServing& serving, const LlmSlice& slice);

  double weights_bytes() const;       // the whole model
  double kv_bytes_per_token() const;  // 2 x layers x kv_heads x head_dim x bytes, whole model
  /// Per GPU: weights / k + activation reserve + one context_limit() sequence's KV / k.
  double required_bytes_per_gpu() const;
  /// Per GPU: the KV of one context_limit() sequence, in whole blocks.
  double max_sequence_kv_bytes_per_gpu() const;
  /// Per GPU: framebuffer x gpu_memory_utilization.
  double usable_bytes_per_gpu() const;
  /// Empty when the model fits, else what does not fit, with the sizes in GiB.
  std::string fit_problem() const;
  /// KV blocks of block_size tokens the instance holds (all its GPUs); 0 when none.
  int64_t kv_capacity_blocks() const;
  int64_t blocks_for(int64_t tokens) const;

  /// Seconds of one iteration on the slice: `new_tokens` run through the model (prefill
  /// chunks plus one per decoding sequence) while reading the KV of `context_tokens`:
  /// max(compute, memory) + tensor-parallel all-reduce.
  double iteration_time(double new_tokens, double context_tokens) const;
  double compute_time(double new_tokens) const;
  double memory_time(double context_tokens) const;
  double allreduce_time(double new_tokens) const;

  const LlmServing& serving() const { return s_; }
  const LlmSlice& slice() const { return slice_; }

 private:
  LlmServing s_;
  LlmSlice slice_;
  double peak_ = 0;  // FLOP/s of the board at the compute precision
};

}  // namespace vgpusim
