#include <fmt/format.h>

#include <filesystem>

#include "loader_parts.hpp"
#include "vgpusim/policy/plugin_loader.hpp"
#include "vgpusim/policy/queue_discipline.hpp"
#include "vgpusim/scenario/param_reader.hpp"

namespace vgpusim::loader {

namespace {

// policy.queue_params: the discipline's own parameters (those but backfill and
// backfill_window, which are keys of `policy`), checked against its specs; then the
// discipline is built once, so that a value only it can judge (las thresholds out of
// order) is an error at its line here, not at run time.
void read_queue_params(YamlReader& r, const YAML::Node& qp, const QueueRegistry::Entry& q,
                       Scenario& s) {
  if (!qp.IsDefined() || qp.IsNull()) return;
  const std::string path = "policy.queue_params";
  if (!r.expect_map(qp, path)) return;
  std::vector<ParamSpec> own;
  for (const ParamSpec& spec : q.params)
    if (spec.key != "backfill" && spec.key != "backfill_window") own.push_back(spec);
  check_param_names(r, qp, path, own, fmt::format("queue discipline '{}'", q.name));
  ParamValues values;
  for (const ParamSpec& spec : own) {
    if (!qp[spec.key].IsDefined()) continue;
    read_param(r, qp, path, spec, values);
    if (values.has(spec.key)) s.policy.queue_params[spec.key] = param_text(spec, values);
  }
  try {
    QueueContext ctx;
    ctx.params = s.policy.queue_params;
    (void)q.factory(ctx);
  } catch (const std::invalid_argument& e) {
    std::string msg = e.what();
    std::string key;
    if (auto a = msg.find('\''), b = msg.find('\'', a + 1); a != std::string::npos && b != std::string::npos)
      key = msg.substr(a + 1, b - a - 1);
    const YAML::Node at = qp[key].IsDefined() ? qp[key] : qp;
    r.error(at, qp[key].IsDefined() ? path + "." + key : path, msg);
  }
}

}  // namespace

void read_policy(YamlReader& r, const YAML::Node& p, Scenario& s) {
  const std::string path = "policy";
  if (!r.expect_map(p, path)) return;
  r.check_keys(p, path, {"placement", "queue", "backfill", "backfill_window", "params", "queue_params", "plugin", "on_wait"});
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
  bool placement_known = true;
  if (auto v = r.text(p, path, "placement")) {
    const auto& reg = policy_registry();
    if (!reg.contains(*v)) {
      std::string msg =
          fmt::format("unknown placement policy '{}'; known: {}", *v, reg.names_joined());
      std::string guess = did_you_mean(*v, reg.names());
      if (!guess.empty()) msg += fmt::format(" (did you mean '{}'?)", guess);
      if (p["plugin"].IsDefined()) msg += " (after loading policy.plugin)";
      r.error(p["placement"], "policy.placement", msg);
      placement_known = false;
    } else {
      s.policy.placement = *v;
    }
  }
  if (auto v = r.text(p, path, "queue")) {
    const auto& reg = queue_registry();
    if (!reg.contains(*v)) {
      std::string msg = fmt::format("unknown queue discipline '{}'; known: {}", *v, reg.names_joined());
      if (std::string guess = did_you_mean(*v, reg.names()); !guess.empty())
        msg += fmt::format(" (did you mean '{}'?)", guess);
      r.error(p["queue"], "policy.queue", msg);
    } else {
      s.policy.queue = *v;
    }
  }
  // The queue discipline's parameters (backfill) are keys of `policy` itself.
  if (const auto* q = queue_registry().find(s.policy.queue)) {
    ParamValues values;
    for (const ParamSpec& spec : q->params)
      if (p[spec.key].IsDefined()) read_param(r, p, path, spec, values);
    // true and false stay accepted: true is EASY, the backfilling that never delays the head.
    if (values.texts.count("backfill")) {
      const std::string v = values.texts["backfill"];
      s.policy.backfill = v == "true" ? "easy" : v == "false" ? "none" : v;
    }
    if (values.numbers.count("backfill_window"))
      s.policy.backfill_window = static_cast<int64_t>(values.numbers["backfill_window"]);
    read_queue_params(r, p["queue_params"], *q, s);
  }
  // What a Wait answer does: keep the request queued (retried later) or drop it for good.
  if (auto v = r.choice(p, path, "on_wait", {"queue", "drop"}))
    s.policy.drop_on_wait = *v == "drop";
  // The placement policy declares its parameters: unknown names, types and ranges are input
  // errors here, not failures at run time.
  const YAML::Node params = p["params"];
  if (!params.IsDefined() || params.IsNull() || !r.expect_map(params, "policy.params")) return;
  const auto* entry = policy_registry().find(s.policy.placement);
  if (!entry || !placement_known) return;  // the unknown name is reported already
  const std::string what = fmt::format("placement policy '{}'", s.policy.placement);
  check_param_names(r, params, "policy.params", entry->params, what);
  ParamValues values;
  for (const ParamSpec& spec : entry->params) {
    if (!params[spec.key].IsDefined()) continue;  // the policy's own default applies
    read_param(r, params, "policy.params", spec, values);
    if (values.has(spec.key)) s.policy.params[spec.key] = param_text(spec, values);
  }
}

}  // namespace vgpusim::loader
