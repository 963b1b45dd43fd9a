#pragma once
// The hardware catalog: GPU boards, their vGPU types and MIG GPU-instance profiles.
// The built-in catalog is compiled in from data/catalog/*.csv (sources in docs/catalog.md);
// a scenario may add or override entries.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vgpusim {

enum class Precision { fp64, fp32, tf32, fp16, bf16, fp8, int8 };
std::string_view to_string(Precision p);
std::optional<Precision> parse_precision(std::string_view s);
std::vector<std::string> precision_names();

/// A MIG GPU-instance profile of one board (nvidia-smi mig -lgip / -lgipp).
struct MigProfile {
  std::string name;        // "3g.40gb", "1g.10gb+me", "1g.20gb"
  int profile_id = -1;     // nvidia-smi GI profile ID (19, 14, 9, ...)
  int compute_slices = 0;  // of the board's mig_compute_slices (7 on A100/H100/B200, 4 on A30)
  int memory_slices = 0;   // of the board's mig_memory_slices (8, or 4): the placement size
  int64_t framebuffer_mib = 0;
  std::vector<int> starts;  // valid start positions on the memory axis (0..7)
  int max_instances = 0;    // per GPU
  int sm_count = 0;         // SMs of the instance (nvidia-smi -lgip); 0 = not known
  std::string source;       // document keys (docs/catalog.md, "Source keys"); "scenario"
};

struct GpuModel {
  std::string name;                  // "A100-PCIe-80GB"
  std::vector<std::string> aliases;  // "A100D", ...
  std::string architecture;          // "Hopper", "Ampere", ... (what `vgpusim catalog` groups by)
  std::string vgpu_prefix;           // "A100D" (what vGPU type names start with)
  int64_t framebuffer_mib = 0;
  std::map<Precision, double> peak_flops;  // dense peak, FLOP/s; absent = unsupported
  double memory_bandwidth = 0;             // bytes/s
  double host_link_bandwidth = 0;          // bytes/s, GPU <-> server (PCIe or SXM host link)
  std::string host_link;                   // "PCIe Gen4 x16", "NVLink-C2C"...
  std::string nvlink;                      // GPU-to-GPU link as sold ("NVLink 4, 900 GB/s"); "" = none
  double idle_power_w = 0;
  double max_power_w = 0;
  bool mig_capable = false;
  // MIG geometry (MIG user guide): a GPU slice is one compute (SM) slice and one memory slice.
  // A100, H100, H200, B200: 7 compute slices, 8 memory slices; A30: 4 and 4.
  int mig_compute_slices = 7;
  int mig_memory_slices = 8;
  double mig_efficiency = 1.0;        // fraction of full-GPU SMs usable in MIG mode
  bool mixed_size_supported = false;  // time-sliced mixed-size vGPU
  double price_per_hour = 0;          // USD, list/on-demand reference price
  int sm_count = 0;                   // SMs of the full GPU
  std::string source;                 // document keys (docs/catalog.md, "Source keys"); "scenario"
  std::vector<MigProfile> mig_profiles;

  const MigProfile* find_mig_profile(std::string_view name) const;
  /// Peak for a precision, falling back to the next-wider supported one (fp8 -> fp16 ...).
  double peak(Precision p) const;
  /// Fraction of the full GPU's throughput one instance of `p` gets: its SM share when both SM
  /// counts are known (Hopper's 1g.20gb has 26 SMs, not 16), else compute_slices /
  /// mig_compute_slices * mig_efficiency.
  double mig_compute_fraction(const MigProfile& p) const;
};

enum class VgpuMode { time_sliced, mig };

struct VgpuType {
  std::string name;   // "A100D-20C", "A100D-3-40C"
  std::string gpu;    // GpuModel::name
  char series = 'C';  // A, B, C, Q
  VgpuMode mode = VgpuMode::time_sliced;
  int64_t framebuffer_mib = 0;
  int max_equal = 0;        // per GPU, equal-size mode (or MIG instances)
  int max_mixed = 0;        // per GPU, mixed-size mode; 0 = not allowed in mixed mode
  std::string mig_profile;  // MIG-backed: GI profile name; empty otherwise
  /// Mixed-size placement IDs (offsets in framebuffer units of placement_unit_mib).
  std::vector<int> placement_ids;
  int64_t placement_unit_mib = 1024;
  std::string source;  // "<document>:<table>" (keys in docs/catalog.md), or "scenario"
  // Where placement_ids come from: "table" (NVIDIA's placement table), "bisection"
  // (derive_mixed_placements), "spaced" (spaced_mixed_placements), "scenario", or "".
  std::string placement_source;
};

/// Mixed-size placement IDs for a vGPU of `type_units` on a board of `board_units` (same unit,
/// NVIDIA uses GB): m = the largest power of two with m * type <= board instances; the board is
/// bisected (floor) into m/2 regions and each region holds one vGPU at its start and one flush
/// with its end. Reproduces every NVIDIA table in shared/reference/placements.txt (a unit test
/// checks this); used for boards whose table is not published (L40S 48GB, H200 141GB).
std::vector<int> derive_mixed_placements(int board_units, int type_units);

/// `count` placement IDs spread evenly over the board: floor(k * board_units / count). Used
/// where NVIDIA's table allows more vGPUs in mixed-size mode than the bisection rule places
/// (H200 141GB: as many as in equal-size mode) or fewer (H20 96GB) and publishes no placement
/// table; the IDs never overlap while board_units / count >= the type's size.
std::vector<int> spaced_mixed_placements(int board_units, int count);

class Catalog {
 public:
  /// The catalog compiled into the program (parsed once; an error in our own data is a
  /// programming error and throws std::logic_error naming file:line).
  static const Catalog& builtin();
  /// Parses the three catalog CSVs (format: data/catalog/*.csv); throws std::logic_error.
  static Catalog from_csv(std::string_view gpus_csv, std::string_view vgpu_types_csv,
                          std::string_view mig_profiles_csv);

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
  // Look-ups happen on every placement check (a demand names its vGPU type), so names are
  // indexed, lower-cased: NVIDIA's names are matched case-insensitively.
  void reindex();

  std::vector<GpuModel> gpus_;
  std::vector<VgpuType> vgpus_;
  std::unordered_map<std::string, size_t> gpu_index_;  // names, then aliases
  std::unordered_map<std::string, size_t> vgpu_index_;
};

}  // namespace vgpusim
