#pragma once
// How a pool's physical GPUs are cut up (SPEC 2.2). Engine-free.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vgpusim {

class Catalog;

enum class SliceMode { passthrough, vgpu, mig, shared };
enum class SizeMode { equal, mixed };
enum class VgpuScheduler { best_effort, equal_share, fixed_share };

std::string_view to_string(SliceMode m);
std::string_view to_string(SizeMode m);
std::string_view to_string(VgpuScheduler s);
std::optional<SliceMode> parse_slice_mode(std::string_view s);
std::optional<SizeMode> parse_size_mode(std::string_view s);
std::optional<VgpuScheduler> parse_vgpu_scheduler(std::string_view s);

/// The slicing configuration of one server pool, as loaded from the scenario.
struct PoolSlicing {
  SliceMode mode = SliceMode::passthrough;
  SizeMode size_mode = SizeMode::equal;                  // vgpu
  VgpuScheduler scheduler = VgpuScheduler::best_effort;  // vgpu
  // vgpu equal_share / fixed_share: the round robin's time slice; 0 = NVIDIA's default for
  // the resident type (2 ms up to 8 vGPUs per GPU, else 1 ms; cluster/time_slice.hpp).
  double time_slice_s = 0;
  double switch_overhead = 0.0;         // fraction of GPU time lost per extra busy context
  double small_kernel_overhead = 0.31;  // the same for small-kernel slices (docs/slicing.md)
  bool mig_dynamic = true;              // mig: instances created on demand
  std::vector<std::string> mig_layout;  // mig: fixed GI profile names per GPU when !mig_dynamic
};

/// What one request asks of the GPUs of one server.
struct GpuDemand {
  enum class Kind { none, whole, vgpu, milli };
  Kind kind = Kind::none;
  int count = 0;          // whole GPUs, vGPUs of vgpu_type (each on its own GPU), or 1 for milli
  std::string vgpu_type;  // Kind::vgpu
  int milli = 0;          // Kind::milli: 1..999 shares one GPU; 1000 with count k takes k GPUs
  std::vector<std::string> gpu_models;  // allowed boards (empty: any)

  int gpus_needed() const { return kind == Kind::none ? 0 : count; }
  /// GPU capacity asked in milli-GPU, for allocation accounting: whole 1000 per GPU,
  /// milli x count, vGPU types as vgpu_type_milli() of their board in `catalog` (0 when
  /// the type is unknown there).
  int64_t total_milli(const Catalog& catalog) const;
};

}  // namespace vgpusim
