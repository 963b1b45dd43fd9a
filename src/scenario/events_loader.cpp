// The `migration:`, `events:` and `energy:` sections of a scenario (SPEC 2.6, 4).
#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "loader_parts.hpp"

namespace vgpusim::loader {

void read_migration(YamlReader& r, const YAML::Node& n, Scenario& s) {
  const std::string path = "migration";
  if (!r.expect_map(n, path)) return;
  r.check_keys(
      n, path,
      {"bandwidth", "dirty_intensity", "working_set", "framebuffer", "framebuffer_efficiency",
       "switchover", "period", "max_migrations"});
  MigrationSpec& m = s.migration;
  if (auto v = r.quantity(n, path, "bandwidth", Quantity::bandwidth)) m.bandwidth = *v;
  if (auto v = r.number(n, path, "dirty_intensity", false, 0, 1)) m.dirty_intensity = *v;
  if (auto v = r.number(n, path, "working_set", false, 0, 1)) m.working_set = *v;
  if (auto v = r.choice(n, path, "framebuffer", {"stun", "precopy"}))
    m.framebuffer =
        *v == "stun" ? MigrationSpec::Framebuffer::stun : MigrationSpec::Framebuffer::precopy;
  if (auto v = r.number(n, path, "framebuffer_efficiency", false, 0, 1)) {
    if (*v <= 0)
      r.error(n["framebuffer_efficiency"], "migration.framebuffer_efficiency",
              fmt::format("{} copies nothing; allowed: a fraction in (0, 1]", *v));
    else
      m.framebuffer_efficiency = *v;
  }
  if (auto v = r.quantity(n, path, "switchover", Quantity::duration)) m.switchover = *v;
  if (auto v = r.quantity(n, path, "period", Quantity::duration)) {
    // Each period runs the policy's migration planning: below a second a long run would
    // spend its wall time there (1us never finished a quickstart-sized run).
    if (*v < 1)
      r.error(n["period"], "migration.period", "must be at least 1s");
    else
      m.period = *v;
  }
  if (auto v = r.integer(n, path, "max_migrations", false, 1, 100000))
    m.max_migrations = static_cast<int>(*v);
  // SimGrid's plugin derives the dirty-page rate from the migration speed set on the VM:
  // without a bandwidth no page is ever dirtied, which would silently ignore the setting.
  if (m.dirty_intensity > 0 && m.bandwidth <= 0)
    r.error(n["dirty_intensity"], "migration.dirty_intensity",
            "needs migration.bandwidth: SimGrid's live-migration plugin dirties pages at "
            "dirty_intensity x bandwidth per busy vCPU, and dirties none without a bandwidth");
}

void read_energy(YamlReader& r, const YAML::Node& n, Scenario& s) {
  const std::string path = "energy";
  if (!r.expect_map(n, path)) return;
  r.check_keys(n, path, {"price_per_kwh", "power_off_after", "boot_time"});
  if (auto v = r.number(n, path, "price_per_kwh", false, 0, 100)) s.energy.price_per_kwh = *v;
  if (auto v = r.quantity(n, path, "power_off_after", Quantity::duration))
    s.energy.power_off_after = *v;
  if (auto v = r.quantity(n, path, "boot_time", Quantity::duration)) s.energy.boot_time = *v;
}

namespace {

/// Resolves "pool[i]" or "pool[i]/gpuK" against the pools; false with a message.
bool resolve_target(const Scenario& s, const std::string& text, EventSpec& e, std::string& why) {
  static const std::regex re(R"(^([A-Za-z0-9_.-]+)\[(\d+)\](?:/gpu(\d+))?$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) {
    why = fmt::format("'{}' is not a server 'POOL[i]' or a GPU 'POOL[i]/gpuK'", text);
    return false;
  }
  int server_base = 0, gpu_base = 0;
  std::vector<std::string> names;
  for (const PoolSpec& p : s.pools) {
    names.push_back(p.name);
    if (p.name == m[1].str()) {
      const int i = std::stoi(m[2].str());
      if (i >= p.count) {
        why = fmt::format("pool '{}' has servers [0..{}], not [{}]", p.name, p.count - 1, i);
        return false;
      }
      e.server = server_base + i;
      if (m[3].matched) {
        const int g = std::stoi(m[3].str());
        if (g >= p.gpus_per_server) {
          why = fmt::format("servers of pool '{}' have GPUs gpu0..gpu{}, not gpu{}", p.name,
                            p.gpus_per_server - 1, g);
          return false;
        }
        e.gpu = gpu_base + i * p.gpus_per_server + g;
      }
      return true;
    }
    server_base += p.count;
    gpu_base += p.count * p.gpus_per_server;
  }
  why =
      fmt::format("unknown pool '{}' in '{}'; pools: {}", m[1].str(), text, fmt::join(names, ", "));
  std::string guess = did_you_mean(m[1].str(), names);
  if (!guess.empty()) why += fmt::format(" (did you mean '{}'?)", guess);
  return false;
}

}  // namespace

void read_events(YamlReader& r, const YAML::Node& n, Scenario& s) {
  if (!r.expect_sequence(n, "events")) return;
  static const std::vector<std::pair<std::string, EventSpec::Kind>> kinds{
      {"drain", EventSpec::Kind::drain},
      {"fail", EventSpec::Kind::fail},
      {"restore", EventSpec::Kind::restore}};
  for (size_t i = 0; i < n.size(); ++i) {
    const std::string path = YamlReader::index("events", i);
    const YAML::Node ev = n[i];
    if (!r.expect_map(ev, path)) continue;
    r.check_keys(ev, path, {"at", "drain", "fail", "restore"});
    EventSpec e;
    if (auto v = r.quantity(ev, path, "at", Quantity::duration, true)) e.at = *v;
    int found = 0;
    for (const auto& [name, kind] : kinds) {
      if (!ev[name].IsDefined()) continue;
      ++found;
      e.kind = kind;
      if (auto t = r.text(ev, path, name)) {
        e.target = *t;
        std::string why;
        if (!resolve_target(s, *t, e, why)) r.error(ev[name], YamlReader::join(path, name), why);
        if (kind == EventSpec::Kind::drain && e.gpu >= 0)
          r.error(ev[name], YamlReader::join(path, name),
                  "drain applies to a whole server, not to one GPU");
      }
    }
    if (found != 1) {
      r.error(ev, path, "an event has exactly one of drain, fail, restore (with a server or GPU)");
      continue;
    }
    s.events.push_back(e);
  }
  // Same-time events keep their written order (a fail then a restore at the same instant).
  std::stable_sort(s.events.begin(), s.events.end(),
                   [](const EventSpec& a, const EventSpec& b) { return a.at < b.at; });
}

}  // namespace vgpusim::loader
