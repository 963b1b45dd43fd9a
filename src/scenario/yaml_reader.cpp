#include "vgpusim/scenario/yaml_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "vgpusim/util/json.hpp"

namespace vgpusim {

void YamlReader::error(const YAML::Mark& at, const std::string& path, const std::string& message) {
  Diagnostic d;
  d.file = file_;
  if (at.line >= 0) {
    d.line = at.line + 1;
    d.column = at.column + 1;
  }
  d.path = path;
  d.message = message;
  diags_.add(std::move(d));
}

namespace {
// yaml-cpp keeps no source for nodes built from another text: a value from a flag carries
// this tag (plus its number) instead, which no reader looks at otherwise.
constexpr std::string_view kFlagTag = "!vgpusim-flag-";
}  // namespace

void YamlReader::from_flag(YAML::Node value, const std::string& label) {
  if (!value.IsDefined()) return;
  const std::string tag = std::string(kFlagTag) + std::to_string(flags_.size());
  flags_.push_back(label);
  std::vector<YAML::Node> todo{value};
  while (!todo.empty()) {
    YAML::Node n;
    n.reset(todo.back());
    todo.pop_back();
    n.SetTag(tag);
    if (n.IsMap())
      for (auto it = n.begin(); it != n.end(); ++it) todo.push_back(it->second);
    else if (n.IsSequence())
      for (auto it = n.begin(); it != n.end(); ++it) todo.push_back(*it);
  }
}

void YamlReader::error(const YAML::Node& at, const std::string& path, const std::string& message) {
  if (at.IsDefined() && at.Tag().rfind(kFlagTag, 0) == 0) {
    const size_t i = std::strtoul(at.Tag().c_str() + kFlagTag.size(), nullptr, 10);
    if (i < flags_.size()) {
      diags_.add(Diagnostic{flags_[i], 0, 0, path, message});
      return;
    }
  }
  error(at.IsDefined() ? at.Mark() : YAML::Mark::null_mark(), path, message);
}

bool YamlReader::expect_map(const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) return true;
  error(node, path, "expected a mapping (key: value pairs)");
  return false;
}

bool YamlReader::expect_sequence(const YAML::Node& node, const std::string& path) {
  if (node.IsSequence()) return true;
  error(node, path, "expected a list");
  return false;
}

void YamlReader::check_keys(const YAML::Node& map, const std::string& path,
                            const std::vector<std::string>& allowed) {
  if (!map.IsMap()) return;
  for (auto it = map.begin(); it != map.end(); ++it) {
    std::string k = it->first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
    std::string msg = fmt::format("unknown key '{}'", k);
    std::string guess = did_you_mean(k, allowed);
    if (!guess.empty()) msg += fmt::format("; did you mean '{}'?", guess);
    std::string all;
    for (const auto& a : allowed) all += (all.empty() ? "" : ", ") + a;
    msg += fmt::format(" (allowed: {})", all);
    error(it->first.Mark(), join(path, k), msg);
  }
}

YAML::Node YamlReader::field(const YAML::Node& map, const std::string& path, const std::string& key,
                             bool required) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  YAML::Node n = map[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (required) error(map, join(path, key), "is required");
    return YAML::Node(YAML::NodeType::Undefined);
  }
  return n;
}

std::optional<std::string> YamlReader::scalar_of(const YAML::Node& n, const std::string& path) {
  if (!n.IsScalar()) {
    error(n, path, "expected a single value, not a list or mapping");
    return std::nullopt;
  }
  // Text ends up in summary.json and the reports: it must be UTF-8 (JSON is).
  if (!is_valid_utf8(n.Scalar())) {
    error(n, path, "is not valid UTF-8 text; save the file as UTF-8");
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<double> YamlReader::quantity_of(const YAML::Node& n, const std::string& path,
                                              Quantity kind) {
  auto s = scalar_of(n, path);
  if (!s) return std::nullopt;
  UnitResult r = parse_quantity(*s, kind);
  if (auto* e = std::get_if<UnitError>(&r)) {
    error(n, path, e->message);
    return std::nullopt;
  }
  const double v = std::get<double>(r);
  const QuantityRange& range = engine_range(kind);
  if (!(v == 0 && range.zero_allowed) && (v < range.min || v > range.max)) {
    error(n, path, fmt::format("'{}' is outside what the simulator handles: {}", *s, range.text));
    return std::nullopt;
  }
  return v;
}

std::optional<double> YamlReader::quantity(const YAML::Node& map, const std::string& path,
                                           const std::string& key, Quantity kind, bool required) {
  YAML::Node n = field(map, path, key, required);
  if (!n.IsDefined()) return std::nullopt;
  return quantity_of(n, join(path, key), kind);
}

std::optional<double> YamlReader::number(const YAML::Node& map, const std::string& path,
                                         const std::string& key, bool required, double min,
                                         double max) {
  YAML::Node n = field(map, path, key, required);
  if (!n.IsDefined()) return std::nullopt;
  auto v = quantity_of(n, join(path, key), Quantity::count);
  if (v && (*v < min || *v > max)) {
    error(n, join(path, key), fmt::format("{} is out of range [{}, {}]", n.Scalar(), min, max));
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> YamlReader::integer(const YAML::Node& map, const std::string& path,
                                           const std::string& key, bool required, int64_t min,
                                           int64_t max) {
  YAML::Node n = field(map, path, key, required);
  if (!n.IsDefined()) return std::nullopt;
  auto v = quantity_of(n, join(path, key), Quantity::count);
  if (!v) return std::nullopt;
  // 2^63 itself is not an int64: compare against the double just above max before casting.
  if (std::floor(*v) != *v || *v < static_cast<double>(min) || *v > static_cast<double>(max) ||
      *v >= 9223372036854775808.0) {
    std::string range =
        max == INT64_MAX ? fmt::format(">= {}", min) : fmt::format("in [{}, {}]", min, max);
    error(n, join(path, key), fmt::format("'{}' must be a whole number {}", n.Scalar(), range));
    return std::nullopt;
  }
  return static_cast<int64_t>(*v);
}

std::optional<std::string> YamlReader::text(const YAML::Node& map, const std::string& path,
                                            const std::string& key, bool required) {
  YAML::Node n = field(map, path, key, required);
  if (!n.IsDefined()) return std::nullopt;
  return scalar_of(n, join(path, key));
}

std::optional<std::string> YamlReader::choice(const YAML::Node& map, const std::string& path,
                                              const std::string& key,
                                              const std::vector<std::string>& allowed,
                                              bool required) {
  YAML::Node n = field(map, path, key, required);
  if (!n.IsDefined()) return std::nullopt;
  auto s = scalar_of(n, join(path, key));
  if (!s) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *s) != allowed.end()) return s;
  std::string all;
  for (const auto& a : allowed) all += (all.empty() ? "" : ", ") + a;
  std::string msg = fmt::format("'{}' is not allowed; one of: {}", *s, all);
  std::string guess = did_you_mean(*s, allowed);
  if (!guess.empty()) msg += fmt::format(" (did you mean '{}'?)", guess);
  error(n, join(path, key), msg);
  return std::nullopt;
}

std::optional<bool> YamlReader::boolean(const YAML::Node& map, const std::string& path,
                                        const std::string& key, bool required) {
  YAML::Node n = field(map, path, key, required);
  if (!n.IsDefined()) return std::nullopt;
  auto s = scalar_of(n, join(path, key));
  if (!s) return std::nullopt;
  if (*s == "true" || *s == "yes" || *s == "on") return true;
  if (*s == "false" || *s == "no" || *s == "off") return false;
  error(n, join(path, key), fmt::format("'{}' is not a boolean; write true or false", *s));
  return std::nullopt;
}

}  // namespace vgpusim
