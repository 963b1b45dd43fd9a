#pragma once
// MIG layouts: which sets of GPU-instance profiles fit on one board, and where.
// The rules (NVIDIA MIG user guide, "Supported MIG Profiles" / nvidia-smi mig -lgipp): an
// instance of a profile starts at one of the profile's start positions on the 8 memory slices
// and covers memory_slices of them; instances never overlap; their compute slices sum to <= 7;
// no profile exceeds its max_instances (this is what limits "+me" profiles to one per GPU).
#include <string>
#include <string_view>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"

namespace vgpusim {

struct MigInstance {
  std::string profile;  // GI profile name, e.g. "3g.40gb"
  int start = 0;        // memory-slice start position (0..7)
  bool operator==(const MigInstance&) const = default;
};

struct MigLayout {
  std::vector<MigInstance> instances;  // ordered by start

  int compute_slices(const GpuModel& gpu) const;
  int memory_slices(const GpuModel& gpu) const;
  /// "4g.20gb@0 + 2g.10gb@4 + 1g.5gb@6"
  std::string to_string() const;
  /// Profile names only, largest first: "4g.20gb + 2g.10gb + 1g.5gb"
  std::string profiles_string() const;
};

struct MigLayoutOptions {
  /// Only these profiles (names); empty = every profile of the board.
  std::vector<std::string> profiles;
  /// Include "+me" (media-extension) profiles. Off by default: geometrically a "+me" instance
  /// is its plain 1g sibling, so including it only duplicates layouts.
  bool include_media_extensions = false;
};

/// Every maximal valid layout of the board (no further allowed instance fits), each counted
/// once per distinct set of (profile, start). Empty for boards without MIG.
std::vector<MigLayout> maximal_mig_layouts(const GpuModel& gpu,
                                           const MigLayoutOptions& options = {});

/// Can these profiles (any order, repeats allowed) be placed together on one GPU? On success
/// fills `starts` (same order as `profiles`) with one valid assignment; on failure fills
/// `why` with a message naming the problem. Either pointer may be null.
bool place_mig_layout(const GpuModel& gpu, const std::vector<std::string>& profiles,
                      std::vector<int>* starts, std::string* why);

/// Can an instance of `profile` start at `start`, next to the instances already placed?
bool mig_instance_fits(const GpuModel& gpu, const std::vector<MigInstance>& placed,
                       std::string_view profile, int start, std::string* why = nullptr);

/// Start positions at which a new instance of `profile` fits next to `placed` (dynamic MIG).
std::vector<int> free_mig_starts(const GpuModel& gpu, const std::vector<MigInstance>& placed,
                                 std::string_view profile);

}  // namespace vgpusim
