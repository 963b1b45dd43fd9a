#include "vgpusim/cluster/slicing.hpp"

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/cluster/slice_rules.hpp"

namespace vgpusim {

std::string_view to_string(SliceMode m) {
  switch (m) {
    case SliceMode::passthrough:
      return "passthrough";
    case SliceMode::vgpu:
      return "vgpu";
    case SliceMode::mig:
      return "mig";
    case SliceMode::shared:
      return "shared";
  }
  return "?";
}

std::string_view to_string(SizeMode m) {
  return m == SizeMode::equal ? "equal" : "mixed";
}

std::string_view to_string(VgpuScheduler s) {
  switch (s) {
    case VgpuScheduler::best_effort:
      return "best_effort";
    case VgpuScheduler::equal_share:
      return "equal_share";
    case VgpuScheduler::fixed_share:
      return "fixed_share";
  }
  return "?";
}

std::optional<SliceMode> parse_slice_mode(std::string_view s) {
  for (auto m : {SliceMode::passthrough, SliceMode::vgpu, SliceMode::mig, SliceMode::shared})
    if (to_string(m) == s) return m;
  return std::nullopt;
}

std::optional<SizeMode> parse_size_mode(std::string_view s) {
  for (auto m : {SizeMode::equal, SizeMode::mixed})
    if (to_string(m) == s) return m;
  return std::nullopt;
}

std::optional<VgpuScheduler> parse_vgpu_scheduler(std::string_view s) {
  for (auto m :
       {VgpuScheduler::best_effort, VgpuScheduler::equal_share, VgpuScheduler::fixed_share})
    if (to_string(m) == s) return m;
  return std::nullopt;
}

int64_t GpuDemand::total_milli(const Catalog& cat) const {
  switch (kind) {
    case Kind::none:
      return 0;
    case Kind::whole:
      return 1000LL * count;
    case Kind::milli:
      return static_cast<int64_t>(milli) * count;
    case Kind::vgpu: {
      const VgpuType* t = cat.find_vgpu(vgpu_type);
      const GpuModel* board = t ? cat.find_gpu(t->gpu) : nullptr;
      return board ? static_cast<int64_t>(vgpu_type_milli(*t, *board)) * count : 0;
    }
  }
  return 0;
}

}  // namespace vgpusim
