#include "vgpusim/compare/sweep_compare.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "input_text.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::compare {
namespace {

namespace fs = std::filesystem;

std::string sweep_file(const std::string& file_or_dir) {
  std::error_code ec;
  return fs::is_directory(file_or_dir, ec) ? (fs::path(file_or_dir) / "sweep.json").string()
                                           : file_or_dir;
}

struct SweepPoints {
  std::string file, name;
  std::vector<std::string> keys;              // varied keys, in order
  std::map<std::string, SummaryFile> points;  // by "k=v, ..." of the point's values
  std::map<std::string, std::string> ids;     // same key: the point id
};

// A point's means as a summary: {"jct_s": {"p95": mean}, ...}, so that the rules and their
// key paths apply unchanged.
SummaryFile point_summary(const Json& point, const SweepPoints& s) {
  SummaryFile f;
  f.file = s.file;
  f.schema_version = 1;
  f.scenario = s.name;
  f.root = Json::object();
  f.root["schema_version"] = 1;
  const Json* metrics = json_find(point, "metrics");
  if (metrics == nullptr || !metrics->is_object()) return f;
  for (auto it = metrics->begin(); it != metrics->end(); ++it) {
    Json* cur = &f.root;
    const std::string& path = it.key();
    size_t start = 0;
    for (size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
      Json& next = (*cur)[path.substr(start, dot - start)];
      if (!next.is_object()) next = Json::object();
      cur = &next;
      start = dot + 1;
    }
    const Json* mean = it.value().is_object() ? json_find(it.value(), "mean") : nullptr;
    (*cur)[path.substr(start)] = mean ? *mean : Json();
  }
  return f;
}

SweepPoints load_points(const std::string& file_or_dir) {
  SweepPoints s;
  s.file = sweep_file(file_or_dir);
  const Json root = parse_json(read_input(s.file, "sweep"), s.file, "JSON");
  const Json* points = json_find(root, "points");
  const Json* vary = json_find(root, "vary");
  if (!root.is_object() || !points || !points->is_array() || !vary || !vary->is_object())
    throw InputError(s.file + ": not a vgpusim sweep.json (no points or vary)");
  if (const Json* name = json_find(root, "name")) s.name = json_text(*name);
  for (auto it = vary->begin(); it != vary->end(); ++it) s.keys.push_back(it.key());
  for (const Json& p : *points) {
    const Json* values = p.is_object() ? json_find(p, "values") : nullptr;
    const Json* id = p.is_object() ? json_find(p, "id") : nullptr;
    if (!values || !values->is_object() || !id)
      throw InputError(s.file + ": not a vgpusim sweep.json (a point without values or id)");
    std::string key;
    for (auto it = values->begin(); it != values->end(); ++it)
      key += (key.empty() ? "" : ", ") + it.key() + "=" + json_text(it.value());
    s.points.emplace(key, point_summary(p, s));
    s.ids.emplace(key, json_text(*id));
  }
  return s;
}

}  // namespace

bool is_sweep(const std::string& file_or_dir) {
  std::error_code ec;
  if (fs::is_directory(file_or_dir, ec)) return fs::exists(fs::path(file_or_dir) / "sweep.json");
  return fs::path(file_or_dir).filename() == "sweep.json";
}

Comparison compare_sweeps(const std::string& baseline, const std::string& candidate,
                          const Rules& rules) {
  const SweepPoints b = load_points(baseline), c = load_points(candidate);
  if (b.keys != c.keys)
    throw InputError(
        fmt::format("{} and {}: the sweeps vary different keys; compare sweeps of "
                    "the same grid",
                    b.file, c.file));
  Comparison out;
  out.baseline = {b.file, fmt::format("sweep {}, {} points", b.name, b.points.size())};
  out.candidate = {c.file, fmt::format("sweep {}, {} points", c.name, c.points.size())};
  out.rules = rules.builtin() ? "built-in defaults" : rules.file;
  for (const auto& [key, summary] : b.points) {
    auto it = c.points.find(key);
    if (it == c.points.end()) {
      out.warnings.push_back(
          fmt::format("point {} ({}) is only in the baseline", b.ids.at(key), key));
      continue;
    }
    Comparison one = evaluate(summary, it->second, rules);
    for (MetricResult& r : one.results) {
      r.rule.metric = b.ids.at(key) + " " + r.rule.metric;
      out.results.push_back(std::move(r));
    }
  }
  for (const auto& [key, summary] : c.points)
    if (!b.points.count(key))
      out.warnings.push_back(
          fmt::format("point {} ({}) is only in the candidate", c.ids.at(key), key));
  if (out.results.empty() && b.points.size() + c.points.size() > 0 &&
      std::none_of(b.points.begin(), b.points.end(),
                   [&](const auto& kv) { return c.points.count(kv.first) > 0; }))
    throw InputError(
        fmt::format("{} and {}: no point in common (same keys, other values)", b.file, c.file));
  return out;
}

}  // namespace vgpusim::compare
