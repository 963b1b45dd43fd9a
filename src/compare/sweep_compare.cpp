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
SummaryFile point_summary(const YAML::Node& point, const SweepPoints& s) {
  SummaryFile f;
  f.file = s.file;
  f.schema_version = 1;
  f.scenario = s.name;
  f.root = YAML::Node(YAML::NodeType::Map);
  f.root["schema_version"] = 1;
  for (const auto& kv : point["metrics"]) {
    std::vector<std::string> parts;
    const std::string path = kv.first.Scalar();
    for (size_t start = 0;;) {
      const size_t dot = path.find('.', start);
      parts.push_back(path.substr(start, dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    YAML::Node cur = f.root;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      YAML::Node next = cur[parts[i]];
      if (!next.IsMap()) next = YAML::Node(YAML::NodeType::Map);
      cur.reset(next);
    }
    cur[parts.back()] = kv.second["mean"];
  }
  return f;
}

SweepPoints load_points(const std::string& file_or_dir) {
  SweepPoints s;
  s.file = sweep_file(file_or_dir);
  const YAML::Node root = parse_input(read_input(s.file, "sweep"), s.file, "JSON");
  if (!root.IsMap() || !root["points"].IsSequence() || !root["vary"].IsMap())
    throw InputError(s.file + ": not a vgpusim sweep.json (no points or vary)");
  s.name = root["name"].IsScalar() ? root["name"].Scalar() : "";
  for (const auto& kv : root["vary"]) s.keys.push_back(kv.first.Scalar());
  for (const auto& p : root["points"]) {
    std::string key;
    for (const auto& kv : p["values"])
      key += (key.empty() ? "" : ", ") + kv.first.Scalar() + "=" + kv.second.Scalar();
    s.points.emplace(key, point_summary(p, s));
    s.ids.emplace(key, p["id"].Scalar());
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
