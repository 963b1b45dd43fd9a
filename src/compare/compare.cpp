#include "vgpusim/compare/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::compare {
namespace {

/// One summary's side of a rule: which file, and the value the metric's path leads to.
struct Side {
  const SummaryFile& summary;
  const char* name;  // "baseline", "candidate"
  const Json* node;  // nullptr when the path is not there
  bool has_value() const { return node != nullptr && !node->is_null(); }
  std::string absence() const {
    return fmt::format("{} the {} ({})", node != nullptr ? "has no value (null) in" : "is not in",
                       name, summary.file);
  }
};

/// Why a value that is there cannot be compared, naming what could be.
std::string not_a_number(const Json& n, const std::string& metric) {
  if (n.is_object()) {
    std::string keys;
    for (auto it = n.begin(); it != n.end(); ++it)
      keys += (keys.empty() ? "" : ", ") + metric + "." + it.key();
    return fmt::format("is an object, not a number; compare one of its figures: {}", keys);
  }
  if (n.is_array())
    return fmt::format("is a list, not a number; compare a figure of one element ({}[0]...)",
                       metric);
  return fmt::format("'{}' is not a number", json_text(n));
}

/// A metric that one or both summaries lack. An explicit rule is at fault, so the problem is
/// reported where the rule is written, with a did-you-mean; a built-in rule that only one
/// run has means the runs are of different kinds.
void missing(Diagnostics& diags, const Rules& rules, const Rule& rule, const Side& b,
             const Side& c) {
  const Side& lack = b.has_value() ? c : b;
  if (rules.builtin()) {
    const Side& other = b.has_value() ? b : c;
    diags.add(Diagnostic{lack.summary.file, 0, 0, rule.metric,
                         fmt::format("has no value here but the {} ({}) has one; compare runs of "
                                     "the same kind of scenario, or give --rules",
                                     other.name, other.summary.file)});
    return;
  }
  std::string message = fmt::format("'{}' ", rule.metric);
  if (!b.has_value()) message += b.absence();
  if (!b.has_value() && !c.has_value()) message += ", and ";
  if (!c.has_value()) message += c.absence();
  if (lack.node == nullptr) {
    const std::string guess = did_you_mean(rule.metric, lack.summary.numeric_paths());
    if (!guess.empty()) message += fmt::format("; did you mean '{}'?", guess);
  }
  diags.add(Diagnostic{rules.file, rule.line, rule.column, rule.path, message});
}

std::optional<double> value(Diagnostics& diags, const Side& s, const std::string& metric) {
  if (auto v = number_of(s.node)) return v;
  const auto [line, column] = s.summary.position(metric);
  diags.add(Diagnostic{s.summary.file, line, column, metric, not_a_number(*s.node, metric)});
  return std::nullopt;
}

void warn_if_unalike(const SummaryFile& b, const SummaryFile& c, Comparison& out) {
  if (b.scenario != c.scenario)
    out.warnings.push_back(
        fmt::format("the runs are of different scenarios: baseline '{}', candidate '{}'",
                    b.scenario, c.scenario));
  if (b.seed != c.seed)
    out.warnings.push_back(fmt::format("the runs have different seeds: baseline {}, candidate {}",
                                       b.seed ? std::to_string(*b.seed) : "none",
                                       c.seed ? std::to_string(*c.seed) : "none"));
}

}  // namespace

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::improved:
      return "improved";
    case Verdict::regressed:
      return "regressed";
    case Verdict::info:
      return "info";
    default:
      return "ok";
  }
}

Verdict judge(const Rule& rule, double baseline, double candidate) {
  if (!rule.gated) return Verdict::info;
  const double worse = rule.better == Better::higher ? baseline - candidate : candidate - baseline;
  const double allowed =
      rule.tolerance.relative ? rule.tolerance.value * std::abs(baseline) : rule.tolerance.value;
  // summary.json holds 12 significant digits: a difference below that is rounding, so that a
  // change of exactly the tolerance stays ok.
  const double noise = 1e-9 * std::max(std::abs(baseline), std::abs(candidate));
  if (worse > allowed + noise) return Verdict::regressed;
  if (-worse > allowed + noise) return Verdict::improved;
  return Verdict::ok;
}

std::optional<double> MetricResult::change_pct() const {
  if (baseline == 0) return candidate == 0 ? std::optional<double>(0.0) : std::nullopt;
  return 100 * (candidate - baseline) / std::abs(baseline);
}

size_t Comparison::count(Verdict v) const {
  return static_cast<size_t>(std::count_if(results.begin(), results.end(),
                                           [v](const MetricResult& r) { return r.verdict == v; }));
}

Comparison evaluate(const SummaryFile& baseline, const SummaryFile& candidate, const Rules& rules) {
  Diagnostics diags;
  if (baseline.schema_version != candidate.schema_version) {
    const auto [line, column] = candidate.position("schema_version");
    diags.add(
        Diagnostic{candidate.file, line, column, "schema_version",
                   fmt::format("{} differs from the baseline's {} ({}): the same key may "
                               "mean different things; compare runs of one vgpusim layout",
                               candidate.schema_version, baseline.schema_version, baseline.file)});
    throw InputError(std::move(diags));
  }
  Comparison out;
  out.baseline = {baseline.file, baseline.label()};
  out.candidate = {candidate.file, candidate.label()};
  out.rules = rules.builtin() ? "built-in defaults" : rules.file;
  for (const Rule& rule : rules.rules) {
    const Side b{baseline, "baseline", baseline.find(rule.metric)};
    const Side c{candidate, "candidate", candidate.find(rule.metric)};
    // A default that neither run has (services in a packing run) is not about these runs.
    if (!b.has_value() && !c.has_value() && rules.builtin()) continue;
    if (!b.has_value() || !c.has_value()) {
      missing(diags, rules, rule, b, c);
      continue;
    }
    const auto vb = value(diags, b, rule.metric);
    const auto vc = value(diags, c, rule.metric);
    if (vb && vc) out.results.push_back({rule, *vb, *vc, judge(rule, *vb, *vc)});
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  warn_if_unalike(baseline, candidate, out);
  return out;
}

}  // namespace vgpusim::compare
