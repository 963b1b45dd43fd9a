#include "cli/catalog_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/catalog/mig_layout.hpp"
#include "vgpusim/scenario/scenario_loader.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {

namespace {

constexpr Precision kShown[] = {Precision::fp64, Precision::fp32, Precision::tf32, Precision::fp16,
                                Precision::bf16, Precision::fp8,  Precision::int8};

std::string gib(int64_t mib) {
  return fmt::format("{:g} GiB", mib / 1024.0);
}

std::string join_ints(const std::vector<int>& v) {
  std::string out;
  for (int x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
  return out;
}

// Native peak only (no fallback), so that "-" tells the reader the board lacks the path.
std::string peak_cell(const GpuModel& g, Precision p) {
  auto it = g.peak_flops.find(p);
  return it == g.peak_flops.end() ? "-" : fmt::format("{:g}", it->second / 1e12);
}

// Architectures newest first, as NVIDIA's "vGPU types by hardware" pages are ordered; boards
// a scenario adds without one come last.
constexpr std::string_view kArchitectures[] = {"Blackwell", "Hopper", "Ada Lovelace", "Ampere",
                                               "Turing"};

std::vector<std::string> architectures_of(const Catalog& c) {
  std::vector<std::string> out(std::begin(kArchitectures), std::end(kArchitectures));
  for (const auto& g : c.gpus())
    if (std::find(out.begin(), out.end(), g.architecture) == out.end())
      out.push_back(g.architecture);
  return out;
}

std::string price_cell(double usd) {
  return usd > 0 ? fmt::format("{:.2f}", usd) : "-";
}

std::string mig_cell(const GpuModel& g) {
  if (!g.mig_capable) return "no";
  return fmt::format("{}x{} ({:.2f})", g.mig_compute_slices, g.mig_memory_slices,
                     g.mig_efficiency);
}

void print_gpu_table(const Catalog& c, std::ostream& out) {
  out << "GPU models by architecture (dense peak TFLOPS, int8 in TOPS; '-' = no hardware path,\n"
         "a kernel falls back to the next wider precision; MIG = compute x memory slices and\n"
         "the MIG-mode SM fraction; $/H '-' = no published price). Sources: docs/catalog.md.\n"
         "`--gpu MODEL` for its vGPU types, MIG profiles and layouts.\n";
  for (const auto& arch : architectures_of(c)) {
    bool header = false;
    for (const auto& g : c.gpus()) {
      if (g.architecture != arch) continue;
      if (!header) {
        out << fmt::format("\n{}\n", arch.empty() ? "(architecture not given)" : arch);
        out << fmt::format(
            "  {:<15} {:<7} {:>8} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>10} {:<25} "
            "{:<24} {:>9} {:<13} {:<5} {:>5} {:>5}\n",
            "MODEL", "PREFIX", "FB", "FP64", "FP32", "TF32", "FP16", "BF16", "FP8", "INT8",
            "MEM BW", "HOST LINK", "NVLINK", "IDLE/MAX", "MIG", "MIXED", "TYPES", "$/H");
        header = true;
      }
      out << fmt::format(
          "  {:<15} {:<7} {:>8} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>10} {:<25} {:<24} "
          "{:>9} {:<13} {:<5} {:>5} {:>5}\n",
          g.name, g.vgpu_prefix, gib(g.framebuffer_mib), peak_cell(g, Precision::fp64),
          peak_cell(g, Precision::fp32), peak_cell(g, Precision::tf32),
          peak_cell(g, Precision::fp16), peak_cell(g, Precision::bf16),
          peak_cell(g, Precision::fp8), peak_cell(g, Precision::int8),
          fmt::format("{:g} GB/s", g.memory_bandwidth / 1e9),
          fmt::format("{} {:g}GB/s", g.host_link, g.host_link_bandwidth / 1e9),
          g.nvlink.empty() ? "-" : g.nvlink,
          fmt::format("{:g}/{:g}W", g.idle_power_w, g.max_power_w), mig_cell(g),
          g.mixed_size_supported ? "yes" : "no", c.vgpu_types_of(g.name).size(),
          price_cell(g.price_per_hour));
    }
  }
}

void print_gpu_detail(const Catalog& c, const GpuModel& g, std::ostream& out) {
  out << fmt::format("{} ({}; vGPU prefix {}", g.name,
                     g.architecture.empty() ? "architecture not given" : g.architecture,
                     g.vgpu_prefix);
  for (const auto& a : g.aliases) out << ", alias " << a;
  out << ")\n";
  out << fmt::format("  framebuffer {}, memory bandwidth {:g} GB/s, {} SMs\n",
                     gib(g.framebuffer_mib), g.memory_bandwidth / 1e9,
                     g.sm_count > 0 ? std::to_string(g.sm_count) : "?");
  out << "  dense peak:";
  for (Precision p : kShown) out << fmt::format(" {} {}", to_string(p), peak_cell(g, p));
  out << fmt::format(" (TFLOPS/TOPS)\n  host link {} ({:g} GB/s per direction); NVLink {}\n",
                     g.host_link, g.host_link_bandwidth / 1e9, g.nvlink.empty() ? "none" : g.nvlink);
  out << fmt::format("  power idle {:g} W, max {:g} W; price {}\n", g.idle_power_w, g.max_power_w,
                     g.price_per_hour > 0 ? fmt::format("{:.2f} USD/h", g.price_per_hour)
                                          : std::string("not published"));
  out << fmt::format(
      "  MIG: {}; mixed-size vGPU: {}\n  sources: {}\n\n",
      g.mig_capable ? fmt::format("yes, {} compute x {} memory slices, SM fraction {:.4f}",
                                  g.mig_compute_slices, g.mig_memory_slices, g.mig_efficiency)
                    : "no",
      g.mixed_size_supported ? "yes" : "no", g.source.empty() ? "-" : g.source);

  const auto types = c.vgpu_types_of(g.name);
  out << fmt::format("vGPU types ({})\n", types.size());
  if (types.empty())
    out << "  none in this catalog: see docs/catalog.md for why; a scenario's catalog: section\n"
           "  can add them.\n";
  else
    out << fmt::format("  {:<15} {:<11} {:>11} {:>5} {:>5} {:<11} {:<20} {}\n", "TYPE", "MODE",
                       "FB", "EQUAL", "MIXED", "MIG", "SOURCE", "PLACEMENT IDS (GiB)");
  for (const VgpuType* v : types) {
    std::string ids = v->placement_ids.empty() ? "-" : join_ints(v->placement_ids);
    if (!v->placement_ids.empty() && v->placement_source != "table")
      ids += " (" + v->placement_source + ")";
    out << fmt::format("  {:<15} {:<11} {:>11} {:>5} {:>5} {:<11} {:<20} {}\n", v->name,
                       v->mode == VgpuMode::mig ? "mig" : "time_sliced", gib(v->framebuffer_mib),
                       v->max_equal, v->max_mixed == 0 ? "-" : std::to_string(v->max_mixed),
                       v->mig_profile.empty() ? "-" : v->mig_profile, v->source, ids);
  }
  if (!g.mig_capable) return;

  out << fmt::format(
      "\nMIG GPU-instance profiles (compute slices of {}, memory slices of {}; ID -1 and SMs '?' "
      "= not published)\n",
      g.mig_compute_slices, g.mig_memory_slices);
  out << fmt::format("  {:<12} {:>3} {:>7} {:>6} {:>9} {:<15} {:>3} {:>4}\n", "PROFILE", "ID",
                     "COMPUTE", "MEMORY", "FB", "STARTS", "MAX", "SMS");
  for (const auto& p : g.mig_profiles) {
    out << fmt::format("  {:<12} {:>3} {:>7} {:>6} {:>9} {:<15} {:>3} {:>4}\n", p.name,
                       p.profile_id, p.compute_slices, p.memory_slices, gib(p.framebuffer_mib),
                       "{" + join_ints(p.starts) + "}", p.max_instances,
                       p.sm_count > 0 ? std::to_string(p.sm_count) : "?");
  }
  auto layouts = maximal_mig_layouts(g);
  out << fmt::format(
      "\nMaximal MIG layouts ({}; profile@start, '+me' profiles left out: each "
      "replaces its plain sibling)\n",
      layouts.size());
  for (size_t i = 0; i < layouts.size(); ++i) {
    out << fmt::format("  {:>3}. {}\n", i + 1, layouts[i].to_string());
  }
}

void write_gpu_json(const Catalog& c, const GpuModel& g, JsonWriter& w) {
  w.begin_object();
  w.field("name", g.name).field("architecture", g.architecture).field("vgpu_prefix", g.vgpu_prefix);
  w.key("aliases").begin_array();
  for (const auto& a : g.aliases) w.value(a);
  w.end_array();
  w.field("framebuffer_mib", g.framebuffer_mib);
  w.key("peak_flops").begin_object();
  for (Precision p : kShown) {
    if (auto it = g.peak_flops.find(p); it != g.peak_flops.end()) w.field(to_string(p), it->second);
  }
  w.end_object();
  w.field("memory_bandwidth", g.memory_bandwidth)
      .field("host_link", g.host_link)
      .field("host_link_bandwidth", g.host_link_bandwidth)
      .field("nvlink", g.nvlink)
      .field("idle_power_w", g.idle_power_w)
      .field("max_power_w", g.max_power_w)
      .field("sm_count", g.sm_count)
      .field("mig_capable", g.mig_capable)
      .field("mig_compute_slices", g.mig_compute_slices)
      .field("mig_memory_slices", g.mig_memory_slices)
      .field("mig_efficiency", g.mig_efficiency)
      .field("mixed_size_supported", g.mixed_size_supported)
      .field("price_per_hour", g.price_per_hour)
      .field("source", g.source);
  w.key("vgpu_types").begin_array();
  for (const VgpuType* v : c.vgpu_types_of(g.name)) {
    w.begin_object();
    w.field("name", v->name).field("series", std::string(1, v->series));
    w.field("mode", v->mode == VgpuMode::mig ? "mig" : "time_sliced");
    w.field("framebuffer_mib", v->framebuffer_mib)
        .field("max_equal", v->max_equal)
        .field("max_mixed", v->max_mixed);
    if (!v->mig_profile.empty()) w.field("mig_profile", v->mig_profile);
    w.key("placement_ids").begin_array();
    for (int id : v->placement_ids) w.value(id);
    w.end_array();
    w.field("placement_unit_mib", v->placement_unit_mib).field("source", v->source);
    if (!v->placement_source.empty()) w.field("placement_source", v->placement_source);
    w.end_object();
  }
  w.end_array();
  w.key("mig_profiles").begin_array();
  for (const auto& p : g.mig_profiles) {
    w.begin_object();
    w.field("name", p.name)
        .field("profile_id", p.profile_id)
        .field("compute_slices", p.compute_slices)
        .field("memory_slices", p.memory_slices)
        .field("framebuffer_mib", p.framebuffer_mib);
    w.key("starts").begin_array();
    for (int s : p.starts) w.value(s);
    w.end_array();
    w.field("max_instances", p.max_instances).field("sm_count", p.sm_count);
    w.field("source", p.source);
    w.end_object();
  }
  w.end_array();
  w.key("mig_layouts").begin_array();
  for (const auto& l : maximal_mig_layouts(g)) {
    w.begin_array();
    for (const auto& i : l.instances) {
      w.begin_object().field("profile", i.profile).field("start", i.start).end_object();
    }
    w.end_array();
  }
  w.end_array();
  w.end_object();
}

}  // namespace

int run_catalog_command(const std::string& gpu_filter, bool json, const std::string& scenario_file,
                        std::ostream& out, std::ostream& err) {
  std::optional<Scenario> scenario;
  if (!scenario_file.empty()) scenario = load_scenario(scenario_file);
  const Catalog& c = scenario ? scenario->catalog : Catalog::builtin();
  const GpuModel* one = nullptr;
  if (!gpu_filter.empty()) {
    one = c.find_gpu(gpu_filter);
    if (!one) {
      std::string known;
      for (const auto& g : c.gpus()) {
        known += (known.empty() ? "" : ", ") + g.name;
        if (!g.aliases.empty()) known += " (" + fmt::format("{}", fmt::join(g.aliases, ", ")) + ")";
      }
      err << fmt::format("--gpu: unknown GPU model '{}'; known: {}\n", gpu_filter, known);
      return 2;
    }
  }
  if (json) {
    JsonWriter w;
    w.begin_object().key("gpus").begin_array();
    for (const auto& g : c.gpus()) {
      if (!one || &g == one) write_gpu_json(c, g, w);
    }
    w.end_array().end_object();
    out << w.str() << '\n';
    return 0;
  }
  if (one) {
    print_gpu_detail(c, *one, out);
  } else {
    print_gpu_table(c, out);
  }
  return 0;
}

}  // namespace vgpusim
