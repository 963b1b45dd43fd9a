#include <fmt/format.h>

#include <charconv>
#include <variant>

#include "sweep_parts.hpp"
#include "vgpusim/sweep/plan.hpp"

namespace vgpusim {
namespace {

// Bounds are written as people write them: 0.9, 100ms, 8h. Durations are converted to
// seconds, summary.json's unit for times; other figures are plain numbers.
std::optional<double> bound(YamlReader& r, const YAML::Node& n, const std::string& path,
                            bool& duration) {
  auto text = r.scalar_of(n, path);
  if (!text) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec == std::errc() && p == text->data() + text->size()) return v;
  UnitResult u = parse_quantity(*text, Quantity::duration);
  if (const double* d = std::get_if<double>(&u)) {
    duration = true;
    return *d;
  }
  r.error(n, path,
          fmt::format("'{}' is not a number or a duration; write e.g. 0.9, 250, 100ms, 8h", *text));
  return std::nullopt;
}

void read_targets(YamlReader& r, const YAML::Node& root, PlanSpec& s) {
  const YAML::Node targets = root["targets"];
  if (!targets) {
    r.error(root, "targets",
            "missing: what the fleet must achieve, e.g. - {metric: jct_s.p95, max: 8h}");
    return;
  }
  if (!r.expect_sequence(targets, "targets")) return;
  for (size_t i = 0; i < targets.size(); ++i) {
    const std::string path = YamlReader::index("targets", i);
    const YAML::Node t = targets[i];
    if (!r.expect_map(t, path)) continue;
    r.check_keys(t, path, {"metric", "min", "max"});
    PlanTarget target;
    auto metric = r.text(t, path, "metric", true);
    if (t["min"]) target.min = bound(r, t["min"], YamlReader::join(path, "min"), target.duration);
    if (t["max"]) target.max = bound(r, t["max"], YamlReader::join(path, "max"), target.duration);
    if (!t["min"] && !t["max"])
      r.error(t, path, "give `min`, `max` or both (the bounds the metric must stay within)");
    if (!metric) continue;
    target.metric = *metric;
    if (t["min"]) target.text = fmt::format("{} >= {}", *metric, t["min"].Scalar());
    if (t["max"])
      target.text +=
          fmt::format("{}{} <= {}", target.text.empty() ? "" : ", ", *metric, t["max"].Scalar());
    s.targets.push_back(std::move(target));
  }
}

}  // namespace

PlanSpec load_plan(const std::string& path) {
  Diagnostics diags;
  YamlReader r(path, diags);
  const YAML::Node root = load_yaml_file(path, diags);
  PlanSpec s;
  if (!root.IsMap()) {
    r.error(root, "", "a plan is a YAML mapping with keys version, scenario, vary, targets");
    throw InputError(std::move(diags));
  }
  std::vector<std::string> keys = kSweepKeys;
  keys.insert(keys.end(), {"targets", "cost"});
  r.check_keys(root, "", keys);
  read_sweep_keys(r, root, s.sweep);
  read_targets(r, root, s);
  if (auto c = r.text(root, "", "cost")) s.cost = *c;
  if (!diags.empty()) throw InputError(std::move(diags));
  return s;
}

}  // namespace vgpusim
