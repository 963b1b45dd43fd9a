#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "input_text.hpp"
#include "vgpusim/compare/summary_file.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::compare {
namespace {

[[noreturn]] void bad(const std::string& file, const YAML::Node& at, const std::string& path,
                      const std::string& message) {
  Diagnostics d;
  const YAML::Mark m = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
  d.add(Diagnostic{file, m.line >= 0 ? m.line + 1 : 0, m.column + 1, path, message});
  throw InputError(std::move(d));
}

void collect_numeric(const YAML::Node& n, const std::string& path, std::vector<std::string>& out) {
  if (n.IsMap()) {
    for (const auto& kv : n)
      collect_numeric(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar(),
                      out);
  } else if (n.IsSequence()) {
    for (size_t i = 0; i < n.size(); ++i)
      collect_numeric(n[i], fmt::format("{}[{}]", path, i), out);
  } else if (number_of(n)) {
    out.push_back(path);
  }
}

/// One step of a key path: `name` then zero or more `[i]` (valid_key_path checked the form).
/// Moves with reset(): assigning to a YAML::Node would rewrite the tree it points into; and
/// checks IsDefined() first, as a missing key is an invalid node that reset() refuses.
YAML::Node step(const YAML::Node& from, std::string_view s) {
  const YAML::Node undefined(YAML::NodeType::Undefined);
  if (!from.IsMap()) return undefined;
  const size_t bracket = s.find('[');
  const YAML::Node named = from[std::string(s.substr(0, bracket))];
  if (!named.IsDefined()) return undefined;
  YAML::Node cur;
  cur.reset(named);
  for (size_t i = bracket; i != std::string_view::npos; i = s.find('[', i + 1)) {
    const size_t index = std::strtoul(std::string(s.substr(i + 1)).c_str(), nullptr, 10);
    if (!cur.IsSequence() || index >= cur.size()) return undefined;
    const YAML::Node& seq = cur;
    const YAML::Node element = seq[index];
    cur.reset(element);
  }
  return cur;
}

}  // namespace

std::optional<double> number_of(const YAML::Node& n) {
  // A quoted scalar ("42") is a JSON string: its tag is "!".
  if (!n.IsDefined() || !n.IsScalar() || n.Tag() == "!") return std::nullopt;
  const std::string& s = n.Scalar();
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

YAML::Node SummaryFile::find(const std::string& path) const {
  YAML::Node cur;
  cur.reset(root);
  size_t start = 0;
  while (cur.IsDefined() && !cur.IsNull()) {
    const size_t dot = path.find('.', start);
    cur.reset(step(cur, std::string_view(path).substr(start, dot - start)));
    if (dot == std::string::npos) return cur;
    start = dot + 1;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::vector<std::string> SummaryFile::numeric_paths() const {
  std::vector<std::string> out;
  collect_numeric(root, "", out);
  return out;
}

std::string SummaryFile::label() const {
  std::string s = fmt::format("scenario {}", scenario.empty() ? "?" : scenario);
  if (seed) s += fmt::format(", seed {}", *seed);
  if (!policy.empty()) s += fmt::format(", policy {}", policy);
  return s;
}

SummaryFile parse_summary(const std::string& text, const std::string& file) {
  SummaryFile s;
  s.file = file;
  s.root = parse_input(text, file, "JSON");
  if (!s.root.IsMap()) bad(file, s.root, "", "a JSON object was expected (a vgpusim summary.json)");
  const YAML::Node& root = s.root;  // const: a lookup must not add keys
  const YAML::Node version = root["schema_version"];
  const auto v = number_of(version);
  if (!version.IsDefined())
    bad(file, root, "schema_version", "missing: not a vgpusim summary.json");
  if (!v || *v != std::floor(*v) || *v < 1)
    bad(file, version, "schema_version",
        fmt::format("'{}' is not a schema version (a whole number >= 1)", version.Scalar()));
  s.schema_version = static_cast<int64_t>(*v);
  if (const YAML::Node n = root["scenario"]; n.IsDefined() && n.IsScalar()) s.scenario = n.Scalar();
  if (const YAML::Node n = root["policy"]; n.IsDefined() && n.IsScalar()) s.policy = n.Scalar();
  if (const auto seed = number_of(root["seed"])) s.seed = static_cast<int64_t>(*seed);
  return s;
}

SummaryFile load_summary(const std::string& file_or_dir) {
  std::filesystem::path p(file_or_dir);
  std::error_code ec;
  if (std::filesystem::is_directory(p, ec)) {
    p /= "summary.json";
    if (!std::filesystem::exists(p, ec)) {
      Diagnostics d;
      d.add(Diagnostic{file_or_dir, 0, 0, "",
                       "no summary.json in this directory (give a summary.json or the --out "
                       "directory of a finished vgpusim run)"});
      throw InputError(std::move(d));
    }
  }
  return parse_summary(read_input(p.string(), "summary"), p.string());
}

}  // namespace vgpusim::compare
