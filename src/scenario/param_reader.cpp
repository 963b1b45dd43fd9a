#include "vgpusim/scenario/param_reader.hpp"

#include <fmt/format.h>

namespace vgpusim {

void read_param(YamlReader& r, const YAML::Node& map, const std::string& path,
                const ParamSpec& spec, ParamValues& out) {
  // yaml-cpp nodes are references: `a = b` would overwrite a's content, so nodes are
  // re-pointed with reset() while walking down.
  YAML::Node parent;
  parent.reset(map);
  std::string ppath = path;
  std::string key = spec.key;
  bool reachable = true;
  for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.')) {
    std::string head = key.substr(0, dot);
    if (!parent.IsMap() || !parent[head].IsDefined()) {
      reachable = false;
      break;
    }
    if (parent[head].IsScalar() && key.substr(dot + 1) == "name") {
      // `model: NAME` is short for `model: {name: NAME}`.
      ppath = YamlReader::join(ppath, head);
      YAML::Node flat(YAML::NodeType::Map);
      flat["name"] = parent[head];
      parent.reset(flat);
      key = "name";
      break;
    }
    parent.reset(parent[head]);
    ppath = YamlReader::join(ppath, head);
    key = key.substr(dot + 1);
  }
  bool present = reachable && parent.IsMap() && parent[key].IsDefined() && !parent[key].IsNull();
  if (!present) {
    if (spec.required)
      r.error(map, YamlReader::join(path, spec.key), "is required: " + spec.description);
    if (spec.default_value.empty()) return;
  }
  YAML::Node holder;
  if (present) {
    holder.reset(parent);
  } else {
    // The default is read through the same typed path as a written value.
    ppath = path;
    key = spec.key;
    YAML::Node flat(YAML::NodeType::Map);
    flat[key] = spec.default_value;
    holder.reset(flat);
  }
  auto num = [&](Quantity q) {
    if (auto v = r.quantity(holder, ppath, key, q)) out.numbers[spec.key] = *v;
  };
  switch (spec.type) {
    case ParamType::number:
      num(Quantity::count);
      break;
    case ParamType::bytes:
      num(Quantity::bytes);
      break;
    case ParamType::bandwidth:
      num(Quantity::bandwidth);
      break;
    case ParamType::duration:
      num(Quantity::duration);
      break;
    case ParamType::rate:
      num(Quantity::rate);
      break;
    case ParamType::integer:
      if (auto v = r.integer(holder, ppath, key))
        out.numbers[spec.key] = static_cast<double>(*v);
      break;
    case ParamType::boolean:
      if (auto v = r.boolean(holder, ppath, key)) out.numbers[spec.key] = *v ? 1 : 0;
      break;
    case ParamType::text:
      if (auto v = r.text(holder, ppath, key)) out.texts[spec.key] = *v;
      break;
    case ParamType::choice:
      if (auto v = r.choice(holder, ppath, key, spec.choices)) out.texts[spec.key] = *v;
      break;
  }
  // NaN is never in range: parse_quantity accepts the word, the range refuses it.
  auto it = out.numbers.find(spec.key);
  if (it != out.numbers.end() && !(it->second >= spec.min && it->second <= spec.max)) {
    r.error(holder[key], YamlReader::join(ppath, key),
            fmt::format("'{}' is out of range: {} {}", holder[key].Scalar(), to_string(spec.type),
                        spec.range()));
    out.numbers.erase(it);
  }
}

void check_param_names(YamlReader& r, const YAML::Node& map, const std::string& path,
                       const std::vector<ParamSpec>& specs, const std::string& what) {
  if (!map.IsMap()) return;
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.key);
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.Scalar();
    if (std::find(names.begin(), names.end(), k) != names.end()) continue;
    std::string msg;
    if (names.empty()) {
      msg = fmt::format("{} takes no parameters", what);
    } else {
      msg = fmt::format("unknown parameter '{}' of {}", k, what);
      if (std::string guess = did_you_mean(k, names); !guess.empty())
        msg += fmt::format("; did you mean '{}'?", guess);
      msg += fmt::format(" (it takes: {})", all);
    }
    r.error(it->first.Mark(), YamlReader::join(path, k), msg);
  }
}

std::string param_text(const ParamSpec& spec, const ParamValues& values) {
  if (auto it = values.texts.find(spec.key); it != values.texts.end()) return it->second;
  const double v = values.number(spec.key);
  if (spec.type == ParamType::boolean) return v != 0 ? "true" : "false";
  if (spec.type == ParamType::integer) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

}  // namespace vgpusim
