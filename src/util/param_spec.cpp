#include "vgpusim/util/param_spec.hpp"

#include <fmt/format.h>

#include <cmath>

#include "vgpusim/util/units.hpp"

namespace vgpusim {
namespace {

std::string value_text(ParamType t, double v) {
  switch (t) {
    case ParamType::bytes:
      return format_bytes(v);
    case ParamType::duration:
      return format_duration(v);
    case ParamType::bandwidth:
      return format_bandwidth(v);
    case ParamType::rate:
      return fmt::format("{:g}/s", v);
    case ParamType::integer:
      return std::abs(v) < 1e15 ? fmt::format("{}", static_cast<int64_t>(v)) : fmt::format("{:g}", v);
    default:
      return fmt::format("{:g}", v);
  }
}

}  // namespace

std::string_view to_string(ParamType t) {
  switch (t) {
    case ParamType::number:
      return "number";
    case ParamType::integer:
      return "integer";
    case ParamType::bytes:
      return "size";
    case ParamType::bandwidth:
      return "bandwidth";
    case ParamType::duration:
      return "duration";
    case ParamType::rate:
      return "rate";
    case ParamType::text:
      return "text";
    case ParamType::choice:
      return "choice";
    case ParamType::boolean:
      return "boolean";
  }
  return "?";
}

std::string ParamSpec::range() const {
  const bool lo = std::isfinite(min), hi = std::isfinite(max);
  if (lo && hi) return fmt::format("[{}, {}]", value_text(type, min), value_text(type, max));
  if (lo) return fmt::format(">= {}", value_text(type, min));
  if (hi) return fmt::format("<= {}", value_text(type, max));
  return "any";
}

std::string ParamSpec::summary() const {
  std::string s(to_string(type));
  if (type == ParamType::choice) {
    std::string all;
    for (const auto& c : choices) all += (all.empty() ? "" : " | ") + c;
    s += ": " + all;
  } else if (std::isfinite(min) || std::isfinite(max)) {
    s += std::isfinite(min) && std::isfinite(max) ? " in " + range() : " " + range();
  }
  if (!unit.empty()) s += " " + unit;
  if (required) s += ", required";
  if (!default_value.empty()) s += ", default " + default_value;
  return s;
}

}  // namespace vgpusim
