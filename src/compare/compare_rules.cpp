#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

#include "input_text.hpp"
#include "vgpusim/compare/rules.hpp"
#include "vgpusim/scenario/yaml_reader.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::compare {
namespace {

Rule builtin(std::string metric, Better better, double tolerance, bool relative) {
  Rule r;
  r.metric = std::move(metric);
  r.better = better;
  r.tolerance = Tolerance{tolerance, relative};
  return r;
}

Rule information(std::string metric) {
  Rule r = builtin(std::move(metric), Better::higher, 0, false);
  r.gated = false;
  return r;
}

/// A name made of letters, digits, '_' and '-', then any number of [index].
bool valid_step(std::string_view s) {
  size_t i = 0;
  while (i < s.size() &&
         (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '-'))
    ++i;
  if (i == 0) return false;
  while (i < s.size()) {
    if (s[i] != '[') return false;
    const size_t close = s.find(']', i);
    if (close == std::string_view::npos || close == i + 1) return false;
    for (size_t k = i + 1; k < close; ++k)
      if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
    i = close + 1;
  }
  return true;
}

void read_rule(YamlReader& r, const YAML::Node& n, const std::string& path, Rules& out,
               std::map<std::string, std::string>& seen) {
  if (!r.expect_map(n, path)) return;
  r.check_keys(n, path, {"metric", "better", "tolerance"});
  Rule rule;
  const auto metric = r.text(n, path, "metric", true);
  const auto better = r.choice(n, path, "better", {"higher", "lower"}, true);
  bool ok = metric && better;
  if (metric) {
    const YAML::Node at = n["metric"];
    const std::string where = YamlReader::join(path, "metric");
    if (!valid_key_path(*metric)) {
      r.error(at, where,
              fmt::format("'{}' is not a key path of summary.json: write keys joined by dots, "
                          "list elements as [i] (jct_s.p95, services[0].latency_s.p99)",
                          *metric));
      ok = false;
    } else if (auto it = seen.find(*metric); it != seen.end()) {
      r.error(at, where, fmt::format("'{}' already has a rule ({})", *metric, it->second));
      ok = false;
    } else {
      seen.emplace(*metric, path);
    }
    rule.line = at.Mark().line + 1;
    rule.column = at.Mark().column + 1;
    rule.path = where;
  }
  if (const YAML::Node t = n["tolerance"]; t.IsDefined() && !t.IsNull()) {
    const auto text = r.scalar_of(t, YamlReader::join(path, "tolerance"));
    const auto tol = text ? parse_tolerance(*text) : std::nullopt;
    if (text && !tol)
      r.error(t, YamlReader::join(path, "tolerance"),
              fmt::format("'{}' is not a tolerance; write an amount in the metric's unit (0.5) "
                          "or a percentage of the baseline (5%), not negative",
                          *text));
    if (!tol) ok = false;
    if (tol) rule.tolerance = *tol;
  }
  if (!ok) return;
  rule.metric = *metric;
  rule.better = *better == "higher" ? Better::higher : Better::lower;
  out.rules.push_back(std::move(rule));
}

}  // namespace

std::string_view to_string(Better b) {
  return b == Better::higher ? "higher" : "lower";
}

std::string Tolerance::to_string() const {
  return relative ? fmt::format("{:g}%", value * 100) : fmt::format("{:g}", value);
}

std::optional<Tolerance> parse_tolerance(std::string_view text) {
  Tolerance t;
  if (!text.empty() && text.back() == '%') {
    t.relative = true;
    text.remove_suffix(1);
  }
  const std::string s(text);
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front()))) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v) || v < 0) return std::nullopt;
  t.value = t.relative ? v / 100 : v;
  return t;
}

bool valid_key_path(std::string_view path) {
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    if (!valid_step(path.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

Rules default_rules() {
  // Counts that must not fall or rise at all; times, energy and money within 2 % (they
  // move with any scheduling change); packing percentages within 0.1 point. Allocation and
  // utilisation over time are information only: on a closed workload a policy that finishes
  // the same jobs sooner holds fewer GPUs on average, so a gate on them would fail a run
  // that is better on every outcome (issue #10). A rules file can still gate them.
  const auto H = Better::higher;
  const auto L = Better::lower;
  Rules r;
  r.rules = {
      builtin("jobs.done", H, 0, false),
      builtin("stages.invalid_decisions", L, 0, false),
      builtin("makespan_s", L, 0.02, true),
      builtin("jct_s.mean", L, 0.02, true),
      builtin("jct_s.p95", L, 0.02, true),
      builtin("queue_delay_s.mean", L, 0.02, true),
      information("gpus.allocation_mean"),
      information("gpus.utilisation_mean"),
      builtin("services_slo.attainment", H, 0, false),
      builtin("migration.downtime_s", L, 0.02, true),
      builtin("energy.total_kwh", L, 0.02, true),
      builtin("cost.total_usd", L, 0.02, true),
      builtin("packing.allocated_pct_final", H, 0.1, false),
      builtin("packing.allocated_pct_at_100", H, 0.1, false),
  };
  return r;
}

Rules parse_rules(const std::string& text, const std::string& file) {
  const YAML::Node root = parse_input(text, file, "YAML");
  Diagnostics diags;
  YamlReader r(file, diags);
  Rules out;
  out.file = file;
  if (!root.IsMap()) {
    r.error(root, "", "a rules file is a YAML mapping with keys version and rules");
    throw InputError(std::move(diags));
  }
  r.check_keys(root, "", {"version", "rules"});
  if (auto v = r.integer(root, "", "version", true); v && *v != 1)
    r.error(root["version"], "version",
            fmt::format("unsupported rules version {}; this vgpusim reads version 1", *v));
  const YAML::Node rules = root["rules"];
  if (!rules.IsDefined() || rules.IsNull()) {
    r.error(root, "rules", "is required: a list of {metric, better, tolerance}");
  } else if (r.expect_sequence(rules, "rules")) {
    if (rules.size() == 0) r.error(rules, "rules", "is empty; give at least one rule");
    std::map<std::string, std::string> seen;  // metric -> where its rule is
    for (size_t i = 0; i < rules.size(); ++i)
      read_rule(r, rules[i], YamlReader::index("rules", i), out, seen);
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  return out;
}

Rules load_rules(const std::string& file) {
  return parse_rules(read_input(file, "rules file"), file);
}

}  // namespace vgpusim::compare
