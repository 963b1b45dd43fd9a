#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sweep_parts.hpp"

namespace vgpusim {

const std::vector<std::string> kSweepKeys = {"version", "name",    "description",
                                             "scenario", "set",    "cases",
                                             "vary",    "seeds",   "replications", "metrics"};

namespace {

// The YAML text of a value as `--set` takes it: scalars as written, others in flow style.
std::string yaml_text(const YAML::Node& n) {
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

// `cases: [{name, set: {key: value, ...}}, ...]`: the grid's first axis, `case`.
void read_cases(YamlReader& r, const YAML::Node& root, SweepSpec& s) {
  const YAML::Node cases = root["cases"];
  if (!cases || !r.expect_sequence(cases, "cases")) return;
  SweepAxis axis;
  axis.key = kSweepCaseKey;
  axis.line = cases.Mark().line + 1;
  axis.column = cases.Mark().column + 1;
  for (size_t i = 0; i < cases.size(); ++i) {
    const YAML::Node c = cases[i];
    const std::string path = YamlReader::index("cases", i);
    if (!r.expect_map(c, path)) continue;
    r.check_keys(c, path, {"name", "set"});
    SweepCase sc;
    sc.name = r.text(c, path, "name", true).value_or("");
    if (sc.name.empty()) continue;
    for (const SweepCase& other : s.cases)
      if (other.name == sc.name)
        r.error(c["name"], YamlReader::join(path, "name"),
                "'" + sc.name + "' names two cases; each case needs its own name");
    const std::string sp = YamlReader::join(path, "set");
    const YAML::Node set = c["set"];
    if (!set) {
      r.error(c, sp, "missing: the case's overrides, e.g. set: {datacenter.pools[0].count: 4}");
      continue;
    }
    if (!r.expect_map(set, sp)) continue;
    for (const auto& kv : set) {
      sc.sets.push_back(kv.first.Scalar() + "=" + yaml_text(kv.second));
      sc.at.emplace_back(kv.first.Mark().line + 1, kv.first.Mark().column + 1);
    }
    axis.values.push_back(sc.name);
    s.cases.push_back(std::move(sc));
  }
  if (!axis.values.empty()) s.vary.insert(s.vary.begin(), std::move(axis));
}

void read_vary(YamlReader& r, const YAML::Node& root, SweepSpec& s) {
  const YAML::Node vary = root["vary"];
  if (!vary) {
    if (!s.cases.empty()) return;  // the cases alone are the grid
    r.error(root, "vary",
            "missing: the grid, e.g. vary: {datacenter.pools[0].count: [2, 4, 8]} (or cases:)");
    return;
  }
  if (!r.expect_map(vary, "vary")) return;
  for (const auto& kv : vary) {
    SweepAxis axis;
    axis.key = kv.first.as<std::string>();
    if (axis.key == kSweepCaseKey) {
      r.error(kv.first, "vary.case", "`case` is the axis of `cases:`; vary scenario keys here");
      continue;
    }
    axis.line = kv.first.Mark().line + 1;
    axis.column = kv.first.Mark().column + 1;
    const std::string path = YamlReader::join("vary", axis.key);
    if (!kv.second.IsSequence() || kv.second.size() == 0) {
      r.error(kv.second, path, "a non-empty list of values, e.g. [2, 4, 8]");
      continue;
    }
    for (const auto& v : kv.second) axis.values.push_back(yaml_text(v));
    s.vary.push_back(std::move(axis));
  }
}

void read_seeds(YamlReader& r, const YAML::Node& root, SweepSpec& s) {
  const YAML::Node seeds = root["seeds"];
  if (seeds && root["replications"])
    r.error(root["replications"], "replications", "give `seeds` or `replications`, not both");
  if (seeds) {
    if (!r.expect_sequence(seeds, "seeds")) return;
    for (size_t i = 0; i < seeds.size(); ++i) {
      const std::string path = YamlReader::index("seeds", i);
      try {
        s.seeds.push_back(seeds[i].as<uint64_t>());
      } catch (const YAML::Exception&) {
        r.error(seeds[i], path, "'" + yaml_text(seeds[i]) + "' is not a seed (0, 1, 2, ...)");
      }
    }
  } else if (auto n = r.integer(root, "", "replications", false, 1, 1000)) {
    for (int64_t i = 1; i <= *n; ++i) s.seeds.push_back(static_cast<uint64_t>(i));
  }
}

}  // namespace

YAML::Node load_yaml_file(const std::string& path, Diagnostics& diags) {
  std::ifstream in(path);
  if (!in) {
    diags.add(Diagnostic{path, 0, 0, "", "cannot read the file"});
    throw InputError(std::move(diags));
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    return YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    diags.add(Diagnostic{path, e.mark.line + 1, e.mark.column + 1, "", "invalid YAML: " + e.msg});
    throw InputError(std::move(diags));
  }
}

void read_sweep_keys(YamlReader& r, const YAML::Node& root, SweepSpec& s) {
  const std::string& path = r.file();
  s.file = path;
  r.integer(root, "", "version", true, 1, 1);
  s.name = r.text(root, "", "name").value_or(std::filesystem::path(path).stem().string());
  if (auto sc = r.text(root, "", "scenario", true)) {
    const auto resolved = (std::filesystem::path(path).parent_path() / *sc).lexically_normal();
    std::error_code ec;  // a name too long for the file system is "no such file" too
    if (!std::filesystem::is_regular_file(resolved, ec))
      r.error(root["scenario"], "scenario", "no such file: " + resolved.string());
    s.scenario = resolved.string();
  }
  if (const YAML::Node set = root["set"]; set && r.expect_map(set, "set"))
    for (const auto& kv : set) {
      s.fixed.push_back(kv.first.Scalar() + "=" + yaml_text(kv.second));
      s.fixed_at.emplace_back(kv.first.Mark().line + 1, kv.first.Mark().column + 1);
    }
  read_cases(r, root, s);
  read_vary(r, root, s);
  read_seeds(r, root, s);
  if (const YAML::Node m = root["metrics"]; m && r.expect_sequence(m, "metrics"))
    for (const auto& v : m) s.metrics.push_back(yaml_text(v));
}

SweepSpec load_sweep(const std::string& path) {
  Diagnostics diags;
  YamlReader r(path, diags);
  const YAML::Node root = load_yaml_file(path, diags);
  SweepSpec s;
  if (!root.IsMap()) {
    r.error(root, "", "a sweep is a YAML mapping with keys version, scenario, vary, seeds");
    throw InputError(std::move(diags));
  }
  r.check_keys(root, "", kSweepKeys);
  read_sweep_keys(r, root, s);
  if (!diags.empty()) throw InputError(std::move(diags));
  return s;
}

}  // namespace vgpusim
