// The `catalog:` section of a scenario (SPEC 2.1): boards, MIG profiles and vGPU types added to
// or overriding the built-in catalog, checked by the same rules as the built-in data. Read
// before the datacenter, so that pools and stages can name the new entries.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "catalog_entries.hpp"
#include "loader_parts.hpp"

namespace vgpusim::loader {
namespace catalog_part {
namespace {

const std::vector<std::string> kGpuKeys{
    "name",       "aliases",          "vgpu_prefix", "framebuffer",
    "peak",       "memory_bandwidth", "host_link",   "host_link_bandwidth",
    "power",      "sm_count",         "mig",         "mig_efficiency",
    "mixed_size", "price_per_hour",   "architecture", "nvlink",
    "mig_slices"};

// What a new board has unless the scenario says otherwise: today's boards reach the host
// through PCIe Gen5 x16 (usable rate as in docs/catalog.md), and idle power is the ~15% of
// the maximum that docs/catalog.md estimates where no reading exists.
constexpr double kDefaultHostLinkBytes = 50e9;
constexpr double kDefaultIdleFraction = 0.15;

std::optional<std::vector<std::string>> text_list(YamlReader& r, const YAML::Node& map,
                                                  const std::string& path, const std::string& key) {
  const YAML::Node l = map[key];
  if (!l.IsDefined() || l.IsNull()) return std::nullopt;
  const std::string p = YamlReader::join(path, key);
  if (!r.expect_sequence(l, p)) return std::nullopt;
  std::vector<std::string> out;
  for (size_t i = 0; i < l.size(); ++i)
    if (auto v = r.scalar_of(l[i], YamlReader::index(p, i))) out.push_back(*v);
  return out.size() == l.size() ? std::optional(out) : std::nullopt;
}

void read_peaks(YamlReader& r, const YAML::Node& n, const std::string& path, bool fresh,
                GpuModel& g) {
  const YAML::Node p = n["peak"];
  const std::string pp = YamlReader::join(path, "peak");
  if (!p.IsDefined() || p.IsNull()) {
    if (fresh)
      r.error(n, pp,
              "is required: dense peak FLOP/s per precision, at least fp32 (e.g. "
              "{fp32: 60e12, bf16: 1e15})");
    return;
  }
  if (!r.expect_map(p, pp)) return;
  const std::vector<std::string> names = precision_names();
  r.check_keys(p, pp, names);
  for (const auto& name : names)
    if (auto v = r.number(p, pp, name)) g.peak_flops[*parse_precision(name)] = *v;
}

void read_power(YamlReader& r, const YAML::Node& n, const std::string& path, bool fresh,
                GpuModel& g) {
  const YAML::Node p = n["power"];
  const std::string pp = YamlReader::join(path, "power");
  if (!p.IsDefined() || p.IsNull()) {
    if (fresh) r.error(n, pp, "is required: {max: W} and optionally {idle: W}");
    return;
  }
  if (!r.expect_map(p, pp)) return;
  r.check_keys(p, pp, {"idle", "max"});
  auto idle = r.quantity(p, pp, "idle", Quantity::power);
  auto max = r.quantity(p, pp, "max", Quantity::power, fresh);
  if (max) g.max_power_w = *max;
  if (idle)
    g.idle_power_w = *idle;
  else if (fresh)
    g.idle_power_w = kDefaultIdleFraction * g.max_power_w;
}

// mig_slices: {compute: 4, memory: 4} (A30's geometry; A100/H100/B200 have 7 and 8).
void read_mig_slices(YamlReader& r, const YAML::Node& n, const std::string& path, GpuModel& g) {
  const YAML::Node m = n["mig_slices"];
  if (!m.IsDefined() || m.IsNull()) return;
  const std::string mp = YamlReader::join(path, "mig_slices");
  if (!r.expect_map(m, mp)) return;
  r.check_keys(m, mp, {"compute", "memory"});
  if (auto v = r.integer(m, mp, "compute", false, 1, 7)) g.mig_compute_slices = static_cast<int>(*v);
  if (auto v = r.integer(m, mp, "memory", false, 1, 8)) g.mig_memory_slices = static_cast<int>(*v);
}

void read_gpu(YamlReader& r, const YAML::Node& n, const std::string& path, Catalog& c,
              CatalogEdits& edits) {
  if (!r.expect_map(n, path)) return;
  r.check_keys(n, path, kGpuKeys);
  auto name = r.text(n, path, "name", true);
  if (!name) return;
  const size_t problems = r.diagnostics().size();
  // A copy: the catalog's vectors move when an entry is added.
  const GpuModel* old = c.find_gpu(*name);
  const bool fresh = old == nullptr;
  GpuModel g = fresh ? GpuModel{} : *old;
  if (fresh) {
    g.name = *name;
    g.vgpu_prefix = *name;
    g.host_link = "PCIe Gen5 x16";
    g.host_link_bandwidth = kDefaultHostLinkBytes;
  }
  if (auto v = text_list(r, n, path, "aliases")) g.aliases = *v;
  if (auto v = r.text(n, path, "vgpu_prefix")) g.vgpu_prefix = *v;
  if (auto v = mib(r, n, path, "framebuffer", fresh)) g.framebuffer_mib = *v;
  read_peaks(r, n, path, fresh, g);
  if (auto v = r.quantity(n, path, "memory_bandwidth", Quantity::bandwidth, fresh))
    g.memory_bandwidth = *v;
  if (auto v = r.text(n, path, "host_link")) g.host_link = *v;
  if (auto v = r.quantity(n, path, "host_link_bandwidth", Quantity::bandwidth))
    g.host_link_bandwidth = *v;
  read_power(r, n, path, fresh, g);
  if (auto v = r.integer(n, path, "sm_count", false, 0, 100000)) g.sm_count = static_cast<int>(*v);
  if (auto v = r.boolean(n, path, "mig")) g.mig_capable = *v;
  if (auto v = r.number(n, path, "mig_efficiency")) g.mig_efficiency = *v;
  read_mig_slices(r, n, path, g);
  if (auto v = r.text(n, path, "architecture")) g.architecture = *v;
  if (auto v = r.text(n, path, "nvlink")) g.nvlink = *v;
  if (auto v = r.boolean(n, path, "mixed_size")) g.mixed_size_supported = *v;
  if (auto v = r.number(n, path, "price_per_hour")) g.price_per_hour = *v;
  g.source = fresh ? "scenario" : g.source + " scenario";
  // The rules of an entry read with problems would only repeat them.
  bool sound = r.diagnostics().size() == problems;
  const EntryAt at{n, path};
  if (sound) {
    CatalogIssues issues = check_gpu(g);
    for (auto& i : check_gpu_aliases(g, c.gpus())) issues.push_back(std::move(i));
    report(r, at, issues);
    sound = issues.empty();
  }
  if (!sound) edits.unsound_boards.insert(g.name);
  edits.applied(g.name, at);
  c.upsert_gpu(std::move(g));
}

// The built-in profiles and types of every board the scenario changed, against the final
// board: one line per board, naming the first broken entry. A board whose MIG the scenario
// turned off keeps its profiles and MIG-backed types unchecked: no pool can use them (the
// pool loader refuses mode: mig on it), and there is no way to remove them.
void recheck_untouched(YamlReader& r, const Catalog& c, const CatalogEdits& edits) {
  for (const auto& [board, at] : edits.boards) {
    const GpuModel* g = c.find_gpu(board);
    if (!edits.trusted(board) ||
        std::any_of(g->mig_profiles.begin(), g->mig_profiles.end(),
                    [&](const MigProfile& p) { return !edits.trusted(board, p.name); }))
      continue;
    int broken = 0;
    std::string first;
    auto note = [&](const std::string& what, const CatalogIssues& issues) {
      if (issues.empty()) return;
      if (broken++ == 0)
        first = fmt::format("{}: {}: {}", what, issues.front().field, issues.front().message);
    };
    for (const auto& p : g->mig_profiles)
      if (g->mig_capable && !edits.profiles.contains({g->name, p.name}))
        note("MIG profile " + p.name, check_mig_profile(*g, p));
    for (const VgpuType* v : c.vgpu_types_of(g->name))
      if ((g->mig_capable || v->mode != VgpuMode::mig) && !edits.vgpus.contains(v->name))
        note("vGPU type " + v->name, check_vgpu(*g, *v));
    if (broken > 0)
      r.error(at.node, at.path,
              fmt::format("the scenario's changes to {} break {} of its entries it does not "
                          "override (first: {}); override them as well",
                          g->name, broken, first));
  }
}

template <class ReadEntry>
void read_entries(YamlReader& r, const YAML::Node& n, const std::string& key, ReadEntry read) {
  const YAML::Node l = n[key];
  if (!l.IsDefined() || l.IsNull()) return;
  const std::string path = YamlReader::join("catalog", key);
  if (!r.expect_sequence(l, path)) return;
  for (size_t i = 0; i < l.size(); ++i) read(l[i], YamlReader::index(path, i));
}

YAML::Node locate(const YAML::Node& entry, const std::string& field) {
  YAML::Node at = entry;
  for (size_t start = 0; !field.empty() && start <= field.size();) {
    size_t dot = field.find('.', start);
    if (dot == std::string::npos) dot = field.size();
    const YAML::Node& cur = at;
    const YAML::Node next = cur.IsMap() ? cur[field.substr(start, dot - start)] : YAML::Node();
    if (!next.IsDefined() || next.IsNull()) break;
    at.reset(next);
    start = dot + 1;
  }
  return at;
}

}  // namespace

void report(YamlReader& r, const EntryAt& at, const CatalogIssues& issues) {
  for (const auto& i : issues)
    r.error(locate(at.node, i.field),
            i.field.empty() ? at.path : YamlReader::join(at.path, i.field), i.message);
}

std::optional<std::vector<int>> int_list(YamlReader& r, const YAML::Node& map,
                                         const std::string& path, const std::string& key,
                                         bool required) {
  const YAML::Node l = map[key];
  const std::string p = YamlReader::join(path, key);
  if (!l.IsDefined() || l.IsNull()) {
    if (required) r.error(map, p, "is required (a list, e.g. [0, 2, 4])");
    return std::nullopt;
  }
  if (!r.expect_sequence(l, p)) return std::nullopt;
  std::vector<int> out;
  for (size_t i = 0; i < l.size(); ++i) {
    const std::string ip = YamlReader::index(p, i);
    auto v = r.quantity_of(l[i], ip, Quantity::count);
    if (v && (std::floor(*v) != *v || *v > 1e6)) {
      r.error(l[i], ip, fmt::format("'{}' must be a whole number in [0, 1000000]", l[i].Scalar()));
      v.reset();
    }
    if (v) out.push_back(static_cast<int>(*v));
  }
  return out.size() == l.size() ? std::optional(out) : std::nullopt;
}

std::optional<int64_t> mib(YamlReader& r, const YAML::Node& map, const std::string& path,
                           const std::string& key, bool required) {
  auto v = r.quantity(map, path, key, Quantity::bytes, required);
  if (!v) return std::nullopt;
  return std::llround(*v / (1024.0 * 1024.0));
}

}  // namespace catalog_part

std::string unknown_gpu_message(const Catalog& c, const std::string& name) {
  std::string known;
  for (const auto& k : c.gpu_names()) known += (known.empty() ? "" : ", ") + k;
  std::string msg = fmt::format("unknown GPU model '{}'; known: {}", name, known);
  std::string guess = did_you_mean(name, c.gpu_names());
  if (!guess.empty()) msg += fmt::format(" (did you mean '{}'?)", guess);
  return msg;
}

void read_catalog(YamlReader& r, const YAML::Node& n, Scenario& s) {
  using namespace catalog_part;
  if (!r.expect_map(n, "catalog")) return;
  r.check_keys(n, "catalog", {"gpus", "mig_profiles", "vgpu_types"});
  CatalogEdits edits;
  // Boards first, then profiles (they name a board), then types (they name both).
  read_entries(r, n, "gpus", [&](const YAML::Node& e, const std::string& p) {
    read_gpu(r, e, p, s.catalog, edits);
  });
  read_entries(r, n, "mig_profiles", [&](const YAML::Node& e, const std::string& p) {
    read_mig_profile(r, e, p, s.catalog, edits);
  });
  read_entries(r, n, "vgpu_types", [&](const YAML::Node& e, const std::string& p) {
    read_vgpu_type(r, e, p, s.catalog, edits);
  });
  recheck_untouched(r, s.catalog, edits);
}

}  // namespace vgpusim::loader
