#include <fmt/format.h>

#include "loader_parts.hpp"
#include "vgpusim/policy/queue_discipline.hpp"

namespace vgpusim::loader {

void read_policy(YamlReader& r, const YAML::Node& p, Scenario& s) {
  const std::string path = "policy";
  if (!r.expect_map(p, path)) return;
  r.check_keys(p, path, {"placement", "queue", "backfill", "params", "plugin"});
  if (YAML::Node pl = p["plugin"]; pl.IsDefined()) {
    if (pl.IsSequence()) {
      for (size_t i = 0; i < pl.size(); ++i)
        if (auto v = r.scalar_of(pl[i], YamlReader::index("policy.plugin", i))) s.policy.plugins.push_back(*v);
    } else if (auto v = r.scalar_of(pl, "policy.plugin")) {
      s.policy.plugins.push_back(*v);
    }
  }
  if (auto v = r.text(p, path, "placement")) {
    const auto& reg = policy_registry();
    if (!reg.contains(*v)) {
      std::string msg = fmt::format("unknown placement policy '{}'; known: {}", *v, reg.names_joined());
      std::string guess = did_you_mean(*v, reg.names());
      if (!guess.empty()) msg += fmt::format(" (did you mean '{}'?)", guess);
      if (!s.policy.plugins.empty()) msg += " (plugins are loaded before the scenario is checked)";
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
  if (auto v = r.boolean(p, path, "backfill")) s.policy.backfill = *v;
  if (YAML::Node params = p["params"]; params.IsDefined() && r.expect_map(params, "policy.params"))
    for (auto it = params.begin(); it != params.end(); ++it)
      if (auto v = r.scalar_of(it->second, "policy.params." + it->first.Scalar()))
        s.policy.params[it->first.Scalar()] = *v;
}

}  // namespace vgpusim::loader
