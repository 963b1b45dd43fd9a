#pragma once
// The hardware catalog: GPU boards, their vGPU types and MIG GPU-instance profiles.
// The built-in catalog is compiled in from data/catalog/*.csv (sources in docs/catalog.md);
// a scenario may add or override entries.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vgpusim {

enum class Precision { fp64, fp32, tf32, fp16, bf16, fp8, int8 };
std::string_view to_string(Precision p);
std::optional<Precision> parse_precision(std::string_view s);
std::vector<std::string> precision_names();

/// A MIG GPU-instance profile of one board (nvidia-smi mig -lgip / -lgipp).
struct MigProfile {
  std::string name;                 // "3g.40gb", "1g.10gb+me", "1g.20gb"
  int profile_id = -1;              // nvidia-smi GI profile ID (19, 14, 9, ...)
  int compute_slices = 0;           // of 7
  int memory_slices = 0;            // of 8 (placement size on the memory axis)
  int64_t framebuffer_mib = 0;
  std::vector<int> starts;          // valid start positions on the memory axis (0..7)
  int max_instances = 0;            // per GPU
};

struct GpuModel {
  std::string name;                      // "A100-PCIe-80GB"
  std::vector<std::string> aliases;      // "A100D", ...
  std::string vgpu_prefix;               // "A100D" (what vGPU type names start with)
  int64_t framebuffer_mib = 0;
  std::map<Precision, double> peak_flops;  // dense peak, FLOP/s; absent = unsupported
  double memory_bandwidth = 0;           // bytes/s
  double host_link_bandwidth = 0;        // bytes/s, GPU <-> server (PCIe or SXM host link)
  std::string host_link;                 // "PCIe Gen4 x16", "NVLink-C2C"...
  double idle_power_w = 0;
  double max_power_w = 0;
  bool mig_capable = false;
  double mig_efficiency = 1.0;           // fraction of full-GPU SMs usable in MIG mode
  bool mixed_size_supported = false;     // time-sliced mixed-size vGPU
  double price_per_hour = 0;             // USD, list/on-demand reference price
  std::vector<MigProfile> mig_profiles;

  const MigProfile* find_mig_profile(std::string_view name) const;
  /// Peak for a precision, falling back to the next-wider supported one (fp8 -> fp16 ...).
  double peak(Precision p) const;
};

enum class VgpuMode { time_sliced, mig };

struct VgpuType {
  std::string name;          // "A100D-20C", "A100D-3-40C"
  std::string gpu;           // GpuModel::name
  char series = 'C';         // A, B, C, Q
  VgpuMode mode = VgpuMode::time_sliced;
  int64_t framebuffer_mib = 0;
  int max_equal = 0;         // per GPU, equal-size mode (or MIG instances)
  int max_mixed = 0;         // per GPU, mixed-size mode; 0 = not allowed in mixed mode
  std::string mig_profile;   // MIG-backed: GI profile name; empty otherwise
  /// Mixed-size placement IDs (offsets in framebuffer units of placement_unit_mib).
  std::vector<int> placement_ids;
  int64_t placement_unit_mib = 1024;
};

class Catalog {
 public:
  /// The catalog compiled into the program.
  static const Catalog& builtin();

  const GpuModel* find_gpu(std::string_view name_or_alias) const;
  const VgpuType* find_vgpu(std::string_view name) const;
  const std::vector<GpuModel>& gpus() const { return gpus_; }
  const std::vector<VgpuType>& vgpu_types() const { return vgpus_; }
  std::vector<const VgpuType*> vgpu_types_of(std::string_view gpu) const;
  std::vector<std::string> gpu_names() const;

  /// Adds or replaces an entry (scenario-level overrides).
  void upsert_gpu(GpuModel g);
  void upsert_vgpu(VgpuType v);

 private:
  std::vector<GpuModel> gpus_;
  std::vector<VgpuType> vgpus_;
};

}  // namespace vgpusim
