// `catalog.mig_profiles` and `catalog.vgpu_types`: how a scenario slices its boards. Fields a
// new entry leaves out are derived the way docs/catalog.md derives the built-in rows.
#include <fmt/format.h>

#include <algorithm>

#include "catalog_entries.hpp"
#include "loader_parts.hpp"

namespace vgpusim::loader::catalog_part {
namespace {

const std::vector<std::string> kMigKeys{
    "gpu",    "name",          "profile_id",  "compute_slices", "memory_slices",
    "starts", "max_instances", "framebuffer", "sm_count"};
const std::vector<std::string> kVgpuKeys{"name",          "gpu",           "mig_profile",
                                         "framebuffer",   "max_equal",     "max_mixed",
                                         "placement_ids", "placement_unit"};

// The board an entry names, or nullptr (reported).
const GpuModel* board_of(YamlReader& r, const YAML::Node& n, const std::string& path,
                         const Catalog& c, const std::string& name) {
  const GpuModel* g = c.find_gpu(name);
  if (!g) r.error(n["gpu"], YamlReader::join(path, "gpu"), unknown_gpu_message(c, name));
  return g;
}

// Time-sliced sizing a new type (or a resized one) leaves out: as many equal vGPUs as fit
// the framebuffer (true of every NVIDIA table row), and mixed-size placement IDs by the
// bisection rule where the board has mixed size. False (reported) when the count written
// cannot be met by that rule.
bool derive_time_sliced(YamlReader& r, const YAML::Node& n, const std::string& path,
                        const GpuModel& g, bool resized, std::optional<int64_t> max_equal,
                        std::optional<int64_t> max_mixed, bool ids_given, VgpuType& v) {
  if (resized && !max_equal && v.framebuffer_mib > 0)
    v.max_equal = static_cast<int>(g.framebuffer_mib / v.framebuffer_mib);
  if (ids_given) {
    if (!max_mixed) v.max_mixed = static_cast<int>(v.placement_ids.size());
    return true;
  }
  if (!resized && !max_mixed) return true;
  std::vector<int> derived;
  const int64_t unit = v.placement_unit_mib;
  if (g.mixed_size_supported && unit > 0 && v.framebuffer_mib > 0 && v.framebuffer_mib % unit == 0)
    derived = derive_mixed_placements(static_cast<int>(g.framebuffer_mib / unit),
                                      static_cast<int>(v.framebuffer_mib / unit));
  if (max_mixed == 0) derived.clear();
  // On a board without mixed size the count itself is wrong: check_vgpu says so.
  if (max_mixed && *max_mixed != static_cast<int64_t>(derived.size()) && g.mixed_size_supported) {
    r.error(n["max_mixed"], YamlReader::join(path, "max_mixed"),
            fmt::format("{} differs from the {} placement IDs the bisection rule derives for {} "
                        "MiB on {}; give placement_ids",
                        *max_mixed, derived.size(), v.framebuffer_mib, g.name));
    return false;
  }
  v.max_mixed = static_cast<int>(max_mixed ? *max_mixed : static_cast<int64_t>(derived.size()));
  v.placement_source = derived.empty() ? "" : "bisection";
  v.placement_ids = std::move(derived);
  return true;
}

}  // namespace

void read_mig_profile(YamlReader& r, const YAML::Node& n, const std::string& path, Catalog& c,
                      CatalogEdits& edits) {
  if (!r.expect_map(n, path)) return;
  r.check_keys(n, path, kMigKeys);
  auto gpu = r.text(n, path, "gpu", true);
  auto name = r.text(n, path, "name", true);
  const GpuModel* board = gpu ? board_of(r, n, path, c, *gpu) : nullptr;
  if (!board || !name) return;
  const size_t problems = r.diagnostics().size();
  GpuModel g = *board;  // edited as a copy: upsert_gpu moves the catalog's boards
  auto it = std::find_if(g.mig_profiles.begin(), g.mig_profiles.end(),
                         [&](const MigProfile& p) { return catalog_name_equals(p.name, *name); });
  const bool fresh = it == g.mig_profiles.end();
  MigProfile p = fresh ? MigProfile{} : *it;
  if (fresh) p.name = *name;
  if (auto v = r.integer(n, path, "profile_id", false, 0, 1000))
    p.profile_id = static_cast<int>(*v);
  if (auto v = r.integer(n, path, "compute_slices", fresh, 0, 1000))
    p.compute_slices = static_cast<int>(*v);
  if (auto v = r.integer(n, path, "memory_slices", fresh, 0, 1000))
    p.memory_slices = static_cast<int>(*v);
  if (auto v = int_list(r, n, path, "starts", fresh)) p.starts = *v;
  auto max = r.integer(n, path, "max_instances", false, 0, 1000);
  if (max) p.max_instances = static_cast<int>(*max);
  if (auto v = mib(r, n, path, "framebuffer", fresh)) p.framebuffer_mib = *v;
  if (auto v = r.integer(n, path, "sm_count", false, 0, 100000)) p.sm_count = static_cast<int>(*v);
  // One instance per start position, as long as the compute slices last (true of every
  // profile NVIDIA lists except the one-per-GPU media-extension +me ones).
  if (fresh && !max && p.compute_slices > 0)
    p.max_instances =
        std::max(1, std::min(static_cast<int>(p.starts.size()),
                             g.mig_compute_slices / p.compute_slices));
  p.source = fresh ? "scenario" : p.source + " scenario";
  bool sound = r.diagnostics().size() == problems;
  const EntryAt at{n, path};
  if (sound && edits.trusted(g.name)) {
    auto issues = check_mig_profile(g, p);
    report(r, at, issues);
    sound = issues.empty();
  }
  if (!sound) edits.unsound_profiles.insert({g.name, p.name});
  edits.applied(g.name, at);
  edits.profiles.insert({g.name, p.name});
  if (fresh)
    g.mig_profiles.push_back(std::move(p));
  else
    *it = std::move(p);
  c.upsert_gpu(std::move(g));
}

void read_vgpu_type(YamlReader& r, const YAML::Node& n, const std::string& path, Catalog& c,
                    CatalogEdits& edits) {
  if (!r.expect_map(n, path)) return;
  r.check_keys(n, path, kVgpuKeys);
  auto name = r.text(n, path, "name", true);
  if (!name) return;
  const VgpuType* old = c.find_vgpu(*name);
  const bool fresh = old == nullptr;
  VgpuType v = fresh ? VgpuType{} : *old;  // a copy: upsert_vgpu moves the types
  if (fresh) {
    v.name = *name;
    v.series = vgpu_series(*name);
  }
  v.source = "scenario";
  const size_t problems = r.diagnostics().size();
  auto gpu = r.text(n, path, "gpu", fresh);
  const GpuModel* board = gpu ? board_of(r, n, path, c, *gpu) : fresh ? nullptr : c.find_gpu(v.gpu);
  if (!board) return;
  v.gpu = board->name;
  auto profile_name = r.text(n, path, "mig_profile");
  if (profile_name) {
    v.mode = VgpuMode::mig;
    const MigProfile* p = board->find_mig_profile(*profile_name);
    v.mig_profile = p ? p->name : *profile_name;
  }
  const bool mig = v.mode == VgpuMode::mig;
  auto fb = mib(r, n, path, "framebuffer", fresh && !mig);
  auto unit = mib(r, n, path, "placement_unit");
  auto max_equal = r.integer(n, path, "max_equal", false, 0, 100000);
  auto max_mixed = r.integer(n, path, "max_mixed", false, 0, 100000);
  auto ids = int_list(r, n, path, "placement_ids");
  const bool sound = r.diagnostics().size() == problems &&
                     (mig ? edits.trusted(board->name, v.mig_profile) : edits.trusted(board->name));
  if (fb) v.framebuffer_mib = *fb;
  if (unit) v.placement_unit_mib = *unit;
  if (max_equal) v.max_equal = static_cast<int>(*max_equal);
  if (max_mixed) v.max_mixed = static_cast<int>(*max_mixed);
  if (ids) {
    v.placement_ids = *ids;
    v.placement_source = "scenario";
  }
  if (mig && (fresh || profile_name)) {
    // A MIG-backed type is its profile: the profile's size and instance count.
    if (const MigProfile* p = board->find_mig_profile(v.mig_profile)) {
      if (!fb) v.framebuffer_mib = p->framebuffer_mib;
      if (!max_equal) v.max_equal = p->max_instances;
    }
    if (!max_mixed) v.max_mixed = 0;
    if (!ids) {
      v.placement_ids.clear();
      v.placement_source.clear();
    }
  } else if (!mig && sound &&
             !derive_time_sliced(r, n, path, *board, fresh || fb || unit, max_equal, max_mixed,
                                 ids.has_value(), v)) {
    return;
  }
  if (sound) report(r, {n, path}, check_vgpu(*board, v));
  edits.vgpus.insert(v.name);
  c.upsert_vgpu(std::move(v));
}

}  // namespace vgpusim::loader::catalog_part
