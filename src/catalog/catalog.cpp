#include "vgpusim/catalog/catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <stdexcept>

#include "catalog/csv_table.hpp"
#include "vgpusim/catalog/catalog_checks.hpp"

namespace vgpusim {

namespace embedded {
std::string_view catalog_gpus();
std::string_view catalog_vgpu_types();
std::string_view catalog_mig_profiles();
}  // namespace embedded

namespace {

using catalog_detail::CsvTable;

constexpr Precision kAllPrecisions[] = {Precision::fp64, Precision::fp32, Precision::tf32,
                                        Precision::fp16, Precision::bf16, Precision::fp8,
                                        Precision::int8};

// Catalog names are ASCII; folding inline keeps look-ups out of the C locale (std::tolower
// was most of the time of placement checks on large clusters).
char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// The precision a kernel falls back to when the board lacks a hardware path: the next one up
// that keeps the number representable (int8/fp8 run as 16-bit, bf16 runs as fp16 on T4, which
// is what mixed-precision frameworks do there, tf32 runs as plain fp32).
std::optional<Precision> wider(Precision p) {
  switch (p) {
    case Precision::int8:
      return Precision::fp8;
    case Precision::fp8:
      return Precision::bf16;
    case Precision::bf16:
      return Precision::fp16;
    case Precision::fp16:
      return Precision::tf32;
    case Precision::tf32:
      return Precision::fp32;
    case Precision::fp32:
      return Precision::fp64;
    case Precision::fp64:
      return std::nullopt;
  }
  return std::nullopt;
}

// Our own data breaks a rule: the first broken rule, at the row.
void fail_on(const CsvTable& t, const CsvTable::Row& r, const CatalogIssues& issues) {
  if (!issues.empty()) t.fail(r, issues.front().field + ": " + issues.front().message);
}

void parse_gpus(const CsvTable& t, std::vector<GpuModel>& out) {
  static constexpr std::pair<Precision, std::string_view> kPeakColumns[] = {
      {Precision::fp64, "fp64_tflops"}, {Precision::fp32, "fp32_tflops"},
      {Precision::tf32, "tf32_tflops"}, {Precision::fp16, "fp16_tflops"},
      {Precision::bf16, "bf16_tflops"}, {Precision::fp8, "fp8_tflops"},
      {Precision::int8, "int8_tops"}};
  for (const auto& r : t.rows()) {
    GpuModel g;
    g.name = t.text(r, "name");
    std::string aliases = t.text(r, "aliases");
    for (size_t pos = 0; !aliases.empty() && pos <= aliases.size();) {
      size_t next = aliases.find(';', pos);
      if (next == std::string::npos) next = aliases.size();
      if (next > pos) g.aliases.push_back(aliases.substr(pos, next - pos));
      pos = next + 1;
    }
    g.vgpu_prefix = t.text(r, "vgpu_prefix");
    g.architecture = t.text(r, "architecture");
    g.framebuffer_mib = t.integer(r, "framebuffer_mib");
    for (auto [p, col] : kPeakColumns) {
      double v = t.number(r, col, /*allow_empty=*/true);
      if (!std::isnan(v)) g.peak_flops[p] = v * 1e12;
    }
    g.memory_bandwidth = t.number(r, "memory_bw_gbs") * 1e9;
    g.host_link = t.text(r, "host_link");
    g.host_link_bandwidth = t.number(r, "host_link_gbs") * 1e9;
    g.nvlink = t.text(r, "nvlink");
    g.idle_power_w = t.number(r, "idle_w");
    g.max_power_w = t.number(r, "max_w");
    g.sm_count = static_cast<int>(t.integer(r, "sm_count"));
    g.mig_capable = t.yes_no(r, "mig_capable");
    g.mig_efficiency = t.number(r, "mig_efficiency");
    // Empty on boards without MIG: the defaults (7 and 8) are never used there.
    if (!t.text(r, "mig_compute_slices").empty())
      g.mig_compute_slices = static_cast<int>(t.integer(r, "mig_compute_slices"));
    if (!t.text(r, "mig_memory_slices").empty())
      g.mig_memory_slices = static_cast<int>(t.integer(r, "mig_memory_slices"));
    g.mixed_size_supported = t.yes_no(r, "mixed_size");
    g.price_per_hour = t.number(r, "price_per_hour");
    g.source = t.text(r, "source");
    fail_on(t, r, check_gpu(g));
    fail_on(t, r, check_gpu_aliases(g, out));
    for (const auto& other : out)
      if (catalog_name_equals(other.name, g.name))
        t.fail(r, fmt::format("duplicate GPU '{}'", g.name));
    out.push_back(std::move(g));
  }
}

void parse_mig_profiles(const CsvTable& t, std::vector<GpuModel>& gpus) {
  for (const auto& r : t.rows()) {
    std::string gpu = t.text(r, "gpu");
    auto it = std::find_if(gpus.begin(), gpus.end(), [&](auto& g) { return g.name == gpu; });
    if (it == gpus.end()) t.fail(r, fmt::format("unknown GPU '{}'", gpu));
    MigProfile p;
    p.name = t.text(r, "name");
    p.profile_id = static_cast<int>(t.integer(r, "profile_id"));
    p.compute_slices = static_cast<int>(t.integer(r, "compute_slices"));
    p.memory_slices = static_cast<int>(t.integer(r, "memory_slices"));
    p.framebuffer_mib = t.integer(r, "framebuffer_mib");
    p.starts = t.int_list(r, "starts");
    p.max_instances = static_cast<int>(t.integer(r, "max_instances"));
    p.sm_count = static_cast<int>(t.integer(r, "sm_count"));
    p.source = t.text(r, "source");
    fail_on(t, r, check_mig_profile(*it, p));
    if (it->find_mig_profile(p.name)) t.fail(r, fmt::format("duplicate profile '{}'", p.name));
    it->mig_profiles.push_back(std::move(p));
  }
}

void parse_vgpus(const CsvTable& t, const std::vector<GpuModel>& gpus, std::vector<VgpuType>& out) {
  std::set<std::string> seen;
  for (const auto& r : t.rows()) {
    VgpuType v;
    v.name = t.text(r, "name");
    v.gpu = t.text(r, "gpu");
    auto g = std::find_if(gpus.begin(), gpus.end(), [&](auto& m) { return m.name == v.gpu; });
    if (g == gpus.end()) t.fail(r, fmt::format("unknown GPU '{}'", v.gpu));
    if (!seen.insert(v.name).second) t.fail(r, fmt::format("duplicate vGPU type '{}'", v.name));
    v.series = vgpu_series(v.name);
    std::string mode = t.text(r, "mode");
    if (mode != "time_sliced" && mode != "mig") t.fail(r, "mode must be time_sliced or mig");
    v.mode = mode == "mig" ? VgpuMode::mig : VgpuMode::time_sliced;
    v.framebuffer_mib = t.integer(r, "framebuffer_mib");
    v.max_equal = static_cast<int>(t.integer(r, "max_equal"));
    v.max_mixed = static_cast<int>(t.integer(r, "max_mixed"));
    v.mig_profile = t.text(r, "mig_profile");
    v.placement_ids = t.int_list(r, "placement_ids");
    v.source = t.text(r, "source");
    v.placement_source = t.text(r, "placement_source");
    if (!t.text(r, "placement_unit_mib").empty()) {
      v.placement_unit_mib = t.integer(r, "placement_unit_mib");
    }
    fail_on(t, r, check_vgpu(*g, v));
    out.push_back(std::move(v));
  }
}

}  // namespace

std::string_view to_string(Precision p) {
  switch (p) {
    case Precision::fp64:
      return "fp64";
    case Precision::fp32:
      return "fp32";
    case Precision::tf32:
      return "tf32";
    case Precision::fp16:
      return "fp16";
    case Precision::bf16:
      return "bf16";
    case Precision::fp8:
      return "fp8";
    case Precision::int8:
      return "int8";
  }
  return "?";
}

std::optional<Precision> parse_precision(std::string_view s) {
  for (Precision p : kAllPrecisions) {
    if (catalog_name_equals(s, to_string(p))) return p;
  }
  return std::nullopt;
}

std::vector<std::string> precision_names() {
  std::vector<std::string> out;
  for (Precision p : kAllPrecisions) out.emplace_back(to_string(p));
  return out;
}

const MigProfile* GpuModel::find_mig_profile(std::string_view n) const {
  // The names asked come from the catalog itself nearly always (a slice's profile, asked on
  // every placement and share computation: ~6 % of bench/bare_overhead.sh's month slice went to
  // case-folded compares): an exact match first. No two profiles of a board fold to the same
  // name (parse_mig_profiles refuses it), so it is the one the folded search finds.
  for (const auto& p : mig_profiles)
    if (p.name == n) return &p;
  for (const auto& p : mig_profiles)
    if (catalog_name_equals(p.name, n)) return &p;
  return nullptr;
}

double GpuModel::peak(Precision p) const {
  for (std::optional<Precision> q = p; q; q = wider(*q)) {
    auto it = peak_flops.find(*q);
    if (it != peak_flops.end()) return it->second;
  }
  return 0.0;
}

double GpuModel::mig_compute_fraction(const MigProfile& p) const {
  if (p.sm_count > 0 && sm_count > 0) return static_cast<double>(p.sm_count) / sm_count;
  return static_cast<double>(p.compute_slices) / mig_compute_slices * mig_efficiency;
}

std::vector<int> derive_mixed_placements(int board_units, int type_units) {
  if (type_units <= 0 || type_units > board_units) return {};
  int m = 1;
  while (2 * m * type_units <= board_units) m *= 2;
  if (m == 1) return {0};
  // Bisect [0, board) into m/2 regions (floor at each split, as NVIDIA's 94GB table does).
  std::vector<std::pair<int, int>> regions{{0, board_units}};
  while (static_cast<int>(regions.size()) < m / 2) {
    std::vector<std::pair<int, int>> next;
    for (auto [a, b] : regions) {
      int mid = a + (b - a) / 2;
      next.emplace_back(a, mid);
      next.emplace_back(mid, b);
    }
    regions = std::move(next);
  }
  std::vector<int> out;
  for (auto [a, b] : regions) {
    out.push_back(a);
    out.push_back(b - type_units);
  }
  return out;
}

std::vector<int> spaced_mixed_placements(int board_units, int count) {
  std::vector<int> out;
  for (int k = 0; k < count; ++k)
    out.push_back(static_cast<int>(static_cast<int64_t>(k) * board_units / count));
  return out;
}

Catalog Catalog::from_csv(std::string_view gpus_csv, std::string_view vgpu_types_csv,
                          std::string_view mig_profiles_csv) {
  Catalog c;
  parse_gpus(CsvTable("data/catalog/gpus.csv", gpus_csv), c.gpus_);
  parse_mig_profiles(CsvTable("data/catalog/mig_profiles.csv", mig_profiles_csv), c.gpus_);
  parse_vgpus(CsvTable("data/catalog/vgpu_types.csv", vgpu_types_csv), c.gpus_, c.vgpus_);
  c.reindex();
  return c;
}

const Catalog& Catalog::builtin() {
  static const Catalog c = from_csv(embedded::catalog_gpus(), embedded::catalog_vgpu_types(),
                                    embedded::catalog_mig_profiles());
  return c;
}

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = fold(c);
  return out;
}
}  // namespace

void Catalog::reindex() {
  gpu_index_.clear();
  vgpu_index_.clear();
  for (size_t i = 0; i < gpus_.size(); ++i) gpu_index_.emplace(lower(gpus_[i].name), i);
  for (size_t i = 0; i < gpus_.size(); ++i)  // a name wins over another board's alias
    for (const auto& a : gpus_[i].aliases) gpu_index_.emplace(lower(a), i);
  for (size_t i = 0; i < vgpus_.size(); ++i) vgpu_index_.emplace(lower(vgpus_[i].name), i);
}

const GpuModel* Catalog::find_gpu(std::string_view name_or_alias) const {
  auto it = gpu_index_.find(lower(name_or_alias));
  return it == gpu_index_.end() ? nullptr : &gpus_[it->second];
}

const VgpuType* Catalog::find_vgpu(std::string_view name) const {
  auto it = vgpu_index_.find(lower(name));
  return it == vgpu_index_.end() ? nullptr : &vgpus_[it->second];
}

std::vector<const VgpuType*> Catalog::vgpu_types_of(std::string_view gpu) const {
  std::vector<const VgpuType*> out;
  const GpuModel* g = find_gpu(gpu);
  if (!g) return out;
  for (const auto& v : vgpus_) {
    if (v.gpu == g->name) out.push_back(&v);
  }
  return out;
}

std::vector<std::string> Catalog::gpu_names() const {
  std::vector<std::string> out;
  for (const auto& g : gpus_) out.push_back(g.name);
  return out;
}

void Catalog::upsert_gpu(GpuModel g) {
  for (auto& existing : gpus_) {
    if (existing.name == g.name) {
      existing = std::move(g);
      reindex();
      return;
    }
  }
  gpus_.push_back(std::move(g));
  reindex();
}

void Catalog::upsert_vgpu(VgpuType v) {
  for (auto& existing : vgpus_) {
    if (existing.name == v.name) {
      existing = std::move(v);
      reindex();
      return;
    }
  }
  vgpus_.push_back(std::move(v));
  reindex();
}

}  // namespace vgpusim
