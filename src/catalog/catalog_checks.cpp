#include "vgpusim/catalog/catalog_checks.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vgpusim {
namespace {

char fold(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Names end up in CSV outputs, file names of reports and did-you-mean lists: keep them to
// the characters NVIDIA's own names use.
bool plain_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '+' || c == '-';
  });
}

void check_name(CatalogIssues& out, const std::string& field, const std::string& name) {
  if (name.empty())
    out.push_back({field, "is required"});
  else if (!plain_name(name))
    out.push_back({field, fmt::format("'{}' may only hold letters, digits and . _ + -", name)});
}

std::string profile_names(const GpuModel& g) {
  std::string out;
  for (const auto& p : g.mig_profiles) out += (out.empty() ? "" : ", ") + p.name;
  return out.empty() ? "none" : out;
}

void check_time_sliced(const GpuModel& g, const VgpuType& v, CatalogIssues& out) {
  if (!v.mig_profile.empty())
    out.push_back({"mig_profile", fmt::format("time-sliced type '{}' has no MIG profile", v.name)});
  if (v.framebuffer_mib > 0 && v.max_equal * v.framebuffer_mib > g.framebuffer_mib)
    out.push_back(
        {"max_equal", fmt::format("{} x {} MiB exceeds {}'s framebuffer of {} MiB", v.max_equal,
                                  v.framebuffer_mib, g.name, g.framebuffer_mib)});
  if (v.max_mixed < 0) out.push_back({"max_mixed", fmt::format("{} must be >= 0", v.max_mixed)});
  if (v.max_mixed > 0 && !g.mixed_size_supported) {
    out.push_back({"max_mixed", fmt::format("{} but {} has no mixed-size vGPU (mixed_size: false); "
                                            "use 0",
                                            v.max_mixed, g.name)});
    return;  // its placement IDs would only repeat it
  }
  if (v.placement_unit_mib <= 0) {
    out.push_back({"placement_unit", fmt::format("{} MiB must be positive", v.placement_unit_mib)});
    return;
  }
  if (static_cast<int>(v.placement_ids.size()) != v.max_mixed)
    out.push_back({"placement_ids", fmt::format("{} placement IDs for max_mixed {}: there must be "
                                                "exactly max_mixed of them",
                                                v.placement_ids.size(), v.max_mixed)});
  const int64_t span = v.framebuffer_mib / v.placement_unit_mib;
  for (int id : v.placement_ids)
    if (id < 0 || (id + span) * v.placement_unit_mib > g.framebuffer_mib) {
      out.push_back(
          {"placement_ids",
           fmt::format("placement ID {} runs past {}'s framebuffer ({} units of {} MiB)", id,
                       g.name, g.framebuffer_mib / v.placement_unit_mib, v.placement_unit_mib)});
      break;
    }
}

// The profile of a MIG-backed type, or nullptr (reported): without it the type's sizes, which
// follow from the profile, are not worth checking.
const MigProfile* backing_profile(const GpuModel& g, const VgpuType& v, CatalogIssues& out) {
  if (!g.mig_capable) {
    out.push_back({"mig_profile", fmt::format("{} is not MIG-capable (mig: false)", g.name)});
    return nullptr;
  }
  const MigProfile* p = g.find_mig_profile(v.mig_profile);
  if (!p)
    out.push_back({"mig_profile", fmt::format("unknown MIG profile '{}' on {}; known: {}",
                                              v.mig_profile, g.name, profile_names(g))});
  return p;
}

void check_mig_backed(const MigProfile& p, const VgpuType& v, CatalogIssues& out) {
  if (v.max_mixed != 0)
    out.push_back({"max_mixed", fmt::format("{}: MIG-backed types have no mixed-size mode; use 0",
                                            v.max_mixed)});
  if (!v.placement_ids.empty())
    out.push_back({"placement_ids", "MIG-backed types have no placement IDs"});
  if (v.max_equal != p.max_instances)
    out.push_back({"max_equal", fmt::format("{} differs from profile {}'s max_instances {}",
                                            v.max_equal, p.name, p.max_instances)});
}

}  // namespace

bool catalog_name_equals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return fold(x) == fold(y); });
}

char vgpu_series(std::string_view name) {
  if (name.size() > 2 && name.ends_with("ME")) name.remove_suffix(2);
  return name.empty() ? '\0' : name.back();
}

CatalogIssues check_gpu(const GpuModel& g) {
  CatalogIssues out;
  check_name(out, "name", g.name);
  check_name(out, "vgpu_prefix", g.vgpu_prefix);
  for (size_t i = 0; i < g.aliases.size(); ++i) check_name(out, "aliases", g.aliases[i]);
  if (g.framebuffer_mib <= 0)
    out.push_back({"framebuffer", fmt::format("{} MiB must be positive", g.framebuffer_mib)});
  if (!g.peak_flops.contains(Precision::fp32))
    out.push_back({"peak.fp32", "is required: every board has an fp32 rate"});
  for (const auto& [p, v] : g.peak_flops)
    if (!(v > 0))
      out.push_back({fmt::format("peak.{}", to_string(p)),
                     fmt::format("{:g} FLOP/s must be positive (leave the precision out when the "
                                 "board has no hardware path for it)",
                                 v)});
  if (!(g.memory_bandwidth > 0))
    out.push_back(
        {"memory_bandwidth", fmt::format("{:g} B/s must be positive", g.memory_bandwidth)});
  if (!(g.max_power_w > g.idle_power_w))
    out.push_back({"power.max", fmt::format("{:g} W must be above the idle power, {:g} W",
                                            g.max_power_w, g.idle_power_w)});
  if (!(g.mig_efficiency > 0 && g.mig_efficiency <= 1))
    out.push_back({"mig_efficiency", fmt::format("{:g} is out of range (0, 1]", g.mig_efficiency)});
  if (g.sm_count < 0) out.push_back({"sm_count", fmt::format("{} must be >= 0", g.sm_count)});
  // NVIDIA's MIG boards have 7 or 4 compute slices and 8 or 4 memory slices (MIG user guide);
  // the layout code keeps one bit per memory slice, so 8 is also a hard limit.
  if (g.mig_compute_slices < 1 || g.mig_compute_slices > 7)
    out.push_back({"mig_slices.compute",
                   fmt::format("{} is out of range [1, 7]", g.mig_compute_slices)});
  if (g.mig_memory_slices < 1 || g.mig_memory_slices > 8)
    out.push_back({"mig_slices.memory",
                   fmt::format("{} is out of range [1, 8]", g.mig_memory_slices)});
  return out;
}

CatalogIssues check_gpu_aliases(const GpuModel& g, const std::vector<GpuModel>& boards) {
  CatalogIssues out;
  for (const auto& other : boards) {
    if (catalog_name_equals(other.name, g.name)) continue;
    for (const auto& a : g.aliases) {
      bool taken = catalog_name_equals(a, other.name) ||
                   std::any_of(other.aliases.begin(), other.aliases.end(),
                               [&](const std::string& o) { return catalog_name_equals(o, a); });
      if (taken) out.push_back({"aliases", fmt::format("'{}' already names {}", a, other.name)});
    }
  }
  return out;
}

CatalogIssues check_mig_profile(const GpuModel& g, const MigProfile& p) {
  CatalogIssues out;
  check_name(out, "name", p.name);
  if (!g.mig_capable)
    out.push_back({"gpu", fmt::format("{} is not MIG-capable (mig: false)", g.name)});
  const int cs = g.mig_compute_slices, ms = g.mig_memory_slices;
  if (p.compute_slices < 1 || p.compute_slices > cs)
    out.push_back({"compute_slices", fmt::format("{} is out of range [1, {}] ({}'s compute slices)",
                                                 p.compute_slices, cs, g.name)});
  if (p.memory_slices < 1 || p.memory_slices > ms) {
    out.push_back({"memory_slices", fmt::format("{} is out of range [1, {}] ({}'s memory slices)",
                                                p.memory_slices, ms, g.name)});
  } else {
    if (p.starts.empty()) out.push_back({"starts", "needs at least one start position"});
    for (int s : p.starts)
      if (s < 0 || s + p.memory_slices > ms) {
        out.push_back({"starts", fmt::format("start {} of a {}-slice profile runs past slice {}; "
                                             "allowed: 0..{}",
                                             s, p.memory_slices, ms - 1, ms - p.memory_slices)});
        break;
      }
  }
  if (p.max_instances < 1)
    out.push_back({"max_instances", fmt::format("{} must be >= 1", p.max_instances)});
  if (p.framebuffer_mib <= 0 || p.framebuffer_mib > g.framebuffer_mib)
    out.push_back({"framebuffer", fmt::format("{} MiB is not in (0, {} MiB], {}'s framebuffer",
                                              p.framebuffer_mib, g.framebuffer_mib, g.name)});
  if (p.sm_count < 0 || (g.sm_count > 0 && p.sm_count > g.sm_count))
    out.push_back({"sm_count", fmt::format("{} is not in [0, {}], {}'s SM count", p.sm_count,
                                           g.sm_count, g.name)});
  return out;
}

CatalogIssues check_vgpu(const GpuModel& g, const VgpuType& v) {
  CatalogIssues out;
  check_name(out, "name", v.name);
  if (!v.name.starts_with(g.vgpu_prefix + "-"))
    out.push_back({"name", fmt::format("'{}' does not start with {}'s vGPU prefix '{}-'", v.name,
                                       g.name, g.vgpu_prefix)});
  if (std::string_view("ABCQ").find(vgpu_series(v.name)) == std::string_view::npos)
    out.push_back({"name", fmt::format("'{}': the series letter (last, before an optional ME) must "
                                       "be A, B, C or Q",
                                       v.name)});
  const MigProfile* profile = v.mode == VgpuMode::mig ? backing_profile(g, v, out) : nullptr;
  if (v.mode == VgpuMode::mig && !profile) return out;
  if (v.framebuffer_mib <= 0 || v.framebuffer_mib > g.framebuffer_mib)
    out.push_back({"framebuffer", fmt::format("{} MiB is not in (0, {} MiB], {}'s framebuffer",
                                              v.framebuffer_mib, g.framebuffer_mib, g.name)});
  if (v.max_equal < 1) out.push_back({"max_equal", fmt::format("{} must be >= 1", v.max_equal)});
  if (profile)
    check_mig_backed(*profile, v, out);
  else
    check_time_sliced(g, v, out);
  return out;
}

}  // namespace vgpusim
