#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "input_text.hpp"
#include "vgpusim/compare/summary_file.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::compare {
namespace {

[[noreturn]] void bad(const SummaryFile& s, const std::string& path, const std::string& message) {
  Diagnostics d;
  auto [line, column] = s.position(path);
  if (line == 0) line = column = 1;  // the file as a whole
  d.add(Diagnostic{s.file, line, column, path, message});
  throw InputError(std::move(d));
}

void collect_numeric(const Json& n, const std::string& path, std::vector<std::string>& out) {
  if (n.is_object()) {
    for (auto it = n.begin(); it != n.end(); ++it)
      collect_numeric(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
  } else if (n.is_array()) {
    for (size_t i = 0; i < n.size(); ++i) collect_numeric(n[i], fmt::format("{}[{}]", path, i), out);
  } else if (number_of(&n)) {
    out.push_back(path);
  }
}

}  // namespace

std::optional<double> number_of(const Json* n) {
  if (n == nullptr || !n->is_number()) return std::nullopt;
  const double v = n->get<double>();
  if (!std::isfinite(v)) return std::nullopt;
  return v;
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
  s.text = text;
  s.root = parse_json(text, file, "JSON");
  if (!s.root.is_object()) bad(s, "", "a JSON object was expected (a vgpusim summary.json)");
  const Json* version = s.find("schema_version");
  const auto v = number_of(version);
  if (version == nullptr) bad(s, "schema_version", "missing: not a vgpusim summary.json");
  if (!v || *v != std::floor(*v) || *v < 1 || *v > 1e9)
    bad(s, "schema_version",
        fmt::format("'{}' is not a schema version (a whole number >= 1)", json_text(*version)));
  s.schema_version = static_cast<int64_t>(*v);
  if (const Json* n = s.find("scenario"); n && n->is_string()) s.scenario = n->get<std::string>();
  if (const Json* n = s.find("policy"); n && n->is_string()) s.policy = n->get<std::string>();
  if (const auto seed = number_of(s.find("seed")); seed && std::abs(*seed) < 9.2e18)
    s.seed = static_cast<int64_t>(*seed);
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
