#include <fmt/format.h>

#include <set>

#include "loader_parts.hpp"
#include "vgpusim/cluster/gpu_state.hpp"
#include "vgpusim/cluster/slice_rules.hpp"
#include "vgpusim/cluster/time_slice.hpp"
#include "vgpusim/scenario/param_reader.hpp"

namespace vgpusim::loader {
namespace {

const std::vector<std::string> kModes{"passthrough", "vgpu", "mig", "shared"};

void read_network(YamlReader& r, const YAML::Node& n, Scenario& s) {
  const std::string path = "datacenter.network";
  if (!r.expect_map(n, path)) return;
  r.check_keys(n, path, {"topology", "core_bandwidth", "latency", "rack_size", "uplink_bandwidth"});
  if (auto v = r.choice(n, path, "topology", {"star", "two-tier"})) s.network.topology = *v;
  if (auto v = r.quantity(n, path, "core_bandwidth", Quantity::bandwidth))
    s.network.core_bandwidth = *v;
  if (auto v = r.quantity(n, path, "latency", Quantity::duration)) s.network.latency = *v;
  if (auto v = r.integer(n, path, "rack_size", false, 1))
    s.network.rack_size = static_cast<int>(*v);
  if (auto v = r.quantity(n, path, "uplink_bandwidth", Quantity::bandwidth))
    s.network.uplink_bandwidth = *v;
}

void read_storage(YamlReader& r, const YAML::Node& n, Scenario& s) {
  const std::string path = "datacenter.storage";
  if (!r.expect_map(n, path)) return;
  r.check_keys(n, path, {"bandwidth", "latency"});
  if (auto v = r.quantity(n, path, "bandwidth", Quantity::bandwidth)) s.storage.bandwidth = *v;
  if (auto v = r.quantity(n, path, "latency", Quantity::duration)) s.storage.latency = *v;
}

void read_server(YamlReader& r, const YAML::Node& n, const std::string& path, ServerSpec& sv) {
  if (!r.expect_map(n, path)) return;
  r.check_keys(
      n, path,
      {"cpus", "core_speed", "memory", "nic", "power", "image_cache", "image_extract_rate"});
  if (auto v = r.integer(n, path, "cpus", false, 1, 4096)) sv.cpus = static_cast<int>(*v);
  if (auto v = r.number(n, path, "core_speed", false, 1)) sv.core_speed = *v;
  if (auto v = r.quantity(n, path, "memory", Quantity::bytes)) sv.memory = *v;
  if (auto v = r.quantity(n, path, "nic", Quantity::bandwidth)) sv.nic_bandwidth = *v;
  if (auto v = r.quantity(n, path, "image_cache", Quantity::bytes)) sv.image_cache = *v;
  if (auto v = r.quantity(n, path, "image_extract_rate", Quantity::bandwidth))
    sv.image_extract_rate = *v;
  if (YAML::Node p = n["power"]; p.IsDefined()) {
    std::string pp = YamlReader::join(path, "power");
    if (r.expect_map(p, pp)) {
      r.check_keys(p, pp, {"idle", "max"});
      if (auto v = r.quantity(p, pp, "idle", Quantity::power)) sv.idle_power_w = *v;
      if (auto v = r.quantity(p, pp, "max", Quantity::power)) sv.max_power_w = *v;
      if (sv.max_power_w < sv.idle_power_w)
        r.error(p, pp,
                fmt::format("max power {} W is below idle power {} W", sv.max_power_w,
                            sv.idle_power_w));
    }
  }
}

// time_slice: auto (NVIDIA's default for the resident type) or 1ms..30ms, the range NVIDIA's
// equal share and fixed share schedulers accept (RmPVMRL); the best effort scheduler has no
// configurable slice, so giving one there is an error rather than a silent no-op.
void read_time_slice(YamlReader& r, const YAML::Node& n, const std::string& path, PoolSlicing& sl) {
  const YAML::Node t = n["time_slice"];
  if (!t.IsDefined() || t.IsNull()) return;
  const std::string tp = YamlReader::join(path, "time_slice");
  if (t.IsScalar() && t.Scalar() == "auto") {
    sl.time_slice_s = 0;
    return;
  }
  auto v = r.quantity(n, path, "time_slice", Quantity::duration);
  if (!v) return;
  if (*v < kMinTimeSlice - 1e-12 || *v > kMaxTimeSlice + 1e-12) {
    r.error(t, tp,
            fmt::format("{:g} ms is out of range: NVIDIA's schedulers take 1ms to 30ms, or auto "
                        "(2 ms up to 8 vGPUs per GPU, else 1 ms)",
                        *v * 1e3));
    return;
  }
  if (sl.scheduler == VgpuScheduler::best_effort) {
    r.error(t, tp,
            "applies to scheduler: equal_share or fixed_share only (NVIDIA's best effort "
            "scheduler has no configurable time slice)");
    return;
  }
  sl.time_slice_s = *v;
}

/// A pool's `vgpu:` / `mig:` section: its keys are the parameters of the pool's slicing rules
/// (cluster/slice_rules.cpp), so the choices allowed (no fixed_share with mixed size) are
/// theirs. Absent keys keep PoolSlicing's defaults.
void read_slicing_section(YamlReader& r, const YAML::Node& n, const std::string& path,
                          PoolSlicing& sl, const std::vector<std::string>& own_keys) {
  if (!r.expect_map(n, path)) return;
  if (sl.mode == SliceMode::vgpu)
    if (auto v = r.choice(n, path, "size_mode", {"equal", "mixed"}))
      sl.size_mode = *v == "mixed" ? SizeMode::mixed : SizeMode::equal;
  const auto& specs = slice_rules_registry().get(slice_rules_key(sl)).params;
  std::vector<std::string> keys = own_keys;
  for (const ParamSpec& spec : specs) keys.push_back(spec.key);
  r.check_keys(n, path, keys);
  ParamValues v;
  for (const ParamSpec& spec : specs)
    if (spec.type != ParamType::text && n[spec.key].IsDefined()) read_param(r, n, path, spec, v);
  if (v.texts.count("scheduler"))
    sl.scheduler = parse_vgpu_scheduler(v.texts["scheduler"]).value_or(sl.scheduler);
  if (sl.mode == SliceMode::vgpu) read_time_slice(r, n, path, sl);
  sl.switch_overhead = v.number("switch_overhead", sl.switch_overhead);
  sl.small_kernel_overhead = v.number("small_kernel_overhead", sl.small_kernel_overhead);
}

void read_mig_layout(YamlReader& r, const YAML::Node& n, const std::string& path, PoolSlicing& sl,
                     const GpuModel* model) {
  YAML::Node layout = n["layout"];
  if (!layout.IsDefined() || (layout.IsScalar() && layout.Scalar() == "dynamic")) {
    sl.mig_dynamic = true;
    return;
  }
  std::string lp = YamlReader::join(path, "layout");
  if (!layout.IsSequence()) {
    r.error(layout, lp,
            "expected 'dynamic' or a list of GPU-instance profiles, e.g. [3g.40gb, 2g.20gb]");
    return;
  }
  sl.mig_dynamic = false;
  for (size_t i = 0; i < layout.size(); ++i) {
    auto name = r.scalar_of(layout[i], YamlReader::index(lp, i));
    if (!name) continue;
    if (model && !model->find_mig_profile(*name)) {
      std::string known;
      for (const auto& p : model->mig_profiles) known += (known.empty() ? "" : ", ") + p.name;
      r.error(layout[i], YamlReader::index(lp, i),
              fmt::format("unknown MIG profile '{}' for {}; known: {}", *name, model->name, known));
      continue;
    }
    sl.mig_layout.push_back(*name);
  }
}

/// The slicing rules judge the pool's configuration against its board (mixed-size support,
/// MIG capability, a fixed MIG layout's start positions): one place states each rule.
void check_with_rules(YamlReader& r, const YAML::Node& n, const std::string& path,
                      const PoolSpec& p, const GpuModel* model) {
  if (!model) return;
  PoolInfo info;
  info.name = p.name;
  info.slicing = p.slicing;
  info.model = model;
  std::string why;
  if (slice_rules_for(p.slicing).prepare_pool(info, &why)) return;
  // Point at the key the rule is about: the section that set it, else the mode.
  const char* section = p.slicing.mode == SliceMode::vgpu  ? "vgpu"
                        : p.slicing.mode == SliceMode::mig ? "mig"
                                                           : "";
  YAML::Node at = n["mode"];
  std::string where = YamlReader::join(path, "mode");
  const YAML::Node sec = *section ? n[section] : YAML::Node(YAML::NodeType::Undefined);
  if (sec.IsDefined() && sec.IsMap()) {
    const char* key = p.slicing.mode == SliceMode::mig ? "layout" : "size_mode";
    if (sec[key].IsDefined()) {
      at.reset(sec[key]);
      where = YamlReader::join(YamlReader::join(path, section), key);
    }
  }
  r.error(at.IsDefined() ? at : n, where, why);
}

void read_pool(YamlReader& r, const YAML::Node& n, const std::string& path, Scenario& s,
               std::set<std::string>& names) {
  if (!r.expect_map(n, path)) return;
  r.check_keys(n, path, {"name", "count", "server", "gpus", "mode", "vgpu", "mig"});
  PoolSpec p;
  p.name = r.text(n, path, "name", true).value_or("");
  if (!p.name.empty() && !names.insert(p.name).second)
    r.error(n["name"], YamlReader::join(path, "name"),
            fmt::format("duplicate pool name '{}'", p.name));
  p.count = static_cast<int>(r.integer(n, path, "count", true, 1, 1000000).value_or(1));
  if (n["server"].IsDefined())
    read_server(r, n["server"], YamlReader::join(path, "server"), p.server);
  const GpuModel* model = nullptr;
  std::string gp = YamlReader::join(path, "gpus");
  if (YAML::Node g = n["gpus"]; g.IsDefined()) {
    if (r.expect_map(g, gp)) {
      r.check_keys(g, gp, {"model", "count"});
      p.gpus_per_server = static_cast<int>(r.integer(g, gp, "count", true, 1, 64).value_or(1));
      if (auto m = r.text(g, gp, "model", true)) {
        model = s.catalog.find_gpu(*m);
        if (!model) {
          r.error(g["model"], YamlReader::join(gp, "model"), unknown_gpu_message(s.catalog, *m));
        } else {
          p.gpu_model = model->name;
        }
      }
    }
  } else {
    r.error(n, gp, "is required (e.g. {model: A100-PCIe-80GB, count: 4})");
  }
  std::string mode = r.choice(n, path, "mode", kModes).value_or("passthrough");
  p.slicing.mode = parse_slice_mode(mode).value_or(SliceMode::passthrough);
  const size_t problems = r.diagnostics().size();
  if (YAML::Node v = n["vgpu"]; v.IsDefined()) {
    if (p.slicing.mode != SliceMode::vgpu)
      r.error(v, YamlReader::join(path, "vgpu"), "only allowed with mode: vgpu");
    else
      read_slicing_section(r, v, YamlReader::join(path, "vgpu"), p.slicing, {"size_mode"});
  }
  if (YAML::Node m = n["mig"]; m.IsDefined()) {
    if (p.slicing.mode != SliceMode::mig) {
      r.error(m, YamlReader::join(path, "mig"), "only allowed with mode: mig");
    } else {
      read_slicing_section(r, m, YamlReader::join(path, "mig"), p.slicing, {});
      if (m.IsMap()) read_mig_layout(r, m, YamlReader::join(path, "mig"), p.slicing, model);
    }
  }
  if (r.diagnostics().size() == problems) check_with_rules(r, n, path, p, model);
  s.pools.push_back(std::move(p));
}

}  // namespace

void read_datacenter(YamlReader& r, const YAML::Node& dc, Scenario& s) {
  if (!r.expect_map(dc, "datacenter")) return;
  r.check_keys(dc, "datacenter", {"network", "storage", "pools", "import"});
  if (dc["network"].IsDefined()) read_network(r, dc["network"], s);
  if (dc["storage"].IsDefined()) read_storage(r, dc["storage"], s);
  // Imported pools (a trace's node list) come first, then any written ones.
  if (dc["import"].IsDefined())
    read_import(r, dc["import"], "datacenter.import", s, ImportPart::datacenter);
  YAML::Node pools = dc["pools"];
  if (!pools.IsDefined()) {
    if (!dc["import"].IsDefined())
      r.error(dc, "datacenter.pools", "is required: at least one pool of servers (or an import)");
    return;
  }
  if (!r.expect_sequence(pools, "datacenter.pools")) return;
  if (pools.size() == 0) r.error(pools, "datacenter.pools", "needs at least one pool");
  std::set<std::string> names;
  for (size_t i = 0; i < pools.size(); ++i)
    read_pool(r, pools[i], YamlReader::index("datacenter.pools", i), s, names);
}

}  // namespace vgpusim::loader
