#pragma once
// The consistency rules of catalog entries, shared by the parser of the built-in CSVs (where a
// broken rule is a programming error) and a scenario's `catalog:` section (where it is an input
// error reported at the offending key), so that both accept exactly the same data.
#include <string>
#include <string_view>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"

namespace vgpusim {

/// One broken rule. `field` is the entry's key as a scenario writes it ("power.max",
/// "placement_ids"; empty: the entry as a whole); `message` names the bad value and what is
/// allowed.
struct CatalogIssue {
  std::string field;
  std::string message;
};
using CatalogIssues = std::vector<CatalogIssue>;

CatalogIssues check_gpu(const GpuModel& g);
/// The aliases of `g` against the names and aliases of `boards` (an entry named like `g` is
/// taken to be `g` itself, so a board being replaced does not clash with its old self).
CatalogIssues check_gpu_aliases(const GpuModel& g, const std::vector<GpuModel>& boards);
CatalogIssues check_mig_profile(const GpuModel& board, const MigProfile& p);
CatalogIssues check_vgpu(const GpuModel& board, const VgpuType& v);

/// "A100D-1-10CME" -> 'C': the last letter before the optional "ME" (media-extension MIG
/// profile) suffix.
char vgpu_series(std::string_view name);

/// ASCII case-insensitive equality (catalog names are matched that way).
bool catalog_name_equals(std::string_view a, std::string_view b);

}  // namespace vgpusim
