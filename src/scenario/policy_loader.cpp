#include <fmt/format.h>

#include <filesystem>

#include "loader_parts.hpp"
#include "vgpusim/policy/plugin_loader.hpp"
#include "vgpusim/policy/queue_discipline.hpp"

namespace vgpusim::loader {

void read_policy(YamlReader& r, const YAML::Node& p, Scenario& s) {
  const std::string path = "policy";
  if (!r.expect_map(p, path)) return;
  r.check_keys(p, path, {"placement", "queue", "backfill", "backfill_window", "params", "plugin", "on_wait"});
  // Plugins load here, before the placement name is checked against the registry; their
  // paths are relative to the scenario file.
  auto load = [&](const YAML::Node& at, const std::string& key) {
    auto v = r.scalar_of(at, key);
    if (!v) return;
    std::filesystem::path file(*v);
    const auto base = std::filesystem::path(s.file).parent_path();
    if (file.is_relative() && !base.empty()) file = base / file;
    try {
      load_policy_plugin(file.string());
      s.policy.plugins.push_back(file.string());
    } catch (const PluginError& e) {
      r.error(at, key, e.what());
    }
  };
  if (YAML::Node pl = p["plugin"]; pl.IsDefined()) {
    if (pl.IsSequence()) {
      for (size_t i = 0; i < pl.size(); ++i) load(pl[i], YamlReader::index("policy.plugin", i));
    } else {
      load(pl, "policy.plugin");
    }
  }
  if (auto v = r.text(p, path, "placement")) {
    const auto& reg = policy_registry();
    if (!reg.contains(*v)) {
      std::string msg =
          fmt::format("unknown placement policy '{}'; known: {}", *v, reg.names_joined());
      std::string guess = did_you_mean(*v, reg.names());
      if (!guess.empty()) msg += fmt::format(" (did you mean '{}'?)", guess);
      if (p["plugin"].IsDefined()) msg += " (after loading policy.plugin)";
      r.error(p["placement"], "policy.placement", msg);
    } else {
      s.policy.placement = *v;
    }
  }
  if (auto v = r.text(p, path, "queue")) {
    const auto& reg = queue_registry();
    if (!reg.contains(*v))
      r.error(p["queue"], "policy.queue",
              fmt::format("unknown queue discipline '{}'; known: {}", *v, reg.names_joined()));
    else
      s.policy.queue = *v;
  }
  // true and false stay accepted: true is EASY, the backfilling that never delays the head.
  if (auto v = r.choice(p, path, "backfill", {"none", "easy", "greedy", "true", "false"}))
    s.policy.backfill = *v == "true" ? "easy" : *v == "false" ? "none" : *v;
  if (auto v = r.integer(p, path, "backfill_window", false, 1))
    s.policy.backfill_window = *v;
  // What a Wait answer does: keep the request queued (retried later) or drop it for good.
  if (auto v = r.choice(p, path, "on_wait", {"queue", "drop"}))
    s.policy.drop_on_wait = *v == "drop";
  if (YAML::Node params = p["params"]; params.IsDefined() && r.expect_map(params, "policy.params"))
    for (auto it = params.begin(); it != params.end(); ++it)
      if (auto v = r.scalar_of(it->second, "policy.params." + it->first.Scalar()))
        s.policy.params[it->first.Scalar()] = *v;
}

}  // namespace vgpusim::loader
