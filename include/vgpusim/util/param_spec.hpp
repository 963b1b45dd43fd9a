#pragma once
// The typed parameters every registry entry declares (stage kinds, placement policies, queue
// disciplines, slicing rules, trace importers): name, type (which implies the unit of a
// quantity), range, default and description. The scenario loader checks written values
// against them generically (scenario/param_reader.hpp), `vgpusim policies` prints them, and
// docs quote them. Engine-free.
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vgpusim {

enum class ParamType { number, integer, bytes, bandwidth, duration, rate, text, choice, boolean };

/// "number", "integer", "size", "bandwidth", "duration", "rate", "text", "choice", "boolean".
std::string_view to_string(ParamType t);

/// One parameter. Nested keys are dotted: "checkpoint.every". The fields up to `choices` keep
/// the order stage kinds have always used, so `{key, type, default, required, description}`
/// still reads as before; ranges and units are optional trailing fields.
struct ParamSpec {
  // Brace lists name the leading fields and leave the trailing ones at their defaults;
  // a constructor rather than aggregate initialisation, so that -Wextra does not flag
  // every declaration that omits a range or a unit.
  ParamSpec(std::string key_, ParamType type_ = ParamType::number, std::string default_value_ = {},
            bool required_ = false, std::string description_ = {},
            std::vector<std::string> choices_ = {},
            double min_ = -std::numeric_limits<double>::infinity(),
            double max_ = std::numeric_limits<double>::infinity(), std::string unit_ = {})
      : key(std::move(key_)),
        type(type_),
        default_value(std::move(default_value_)),
        required(required_),
        description(std::move(description_)),
        choices(std::move(choices_)),
        min(min_),
        max(max_),
        unit(std::move(unit_)) {}
  ParamSpec() = default;

  std::string key;
  ParamType type = ParamType::number;
  std::string default_value;  // as written in a scenario; empty and !required: "not set"
  bool required = false;
  std::string description;
  std::vector<std::string> choices;  // ParamType::choice
  /// Inclusive range in base units (bytes, seconds, bytes/s, 1/s); checked by the loader.
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  /// What a plain number counts, for listings ("VMs", "fraction of a server"); quantities
  /// carry their unit in their type.
  std::string unit;

  /// "integer in [0, 1000] VMs, default 4" (type, range, unit, default), for listings.
  std::string summary() const;
  /// The range as people read it ("[1 ms, 1 d]", ">= 0", "any"), in the type's units.
  std::string range() const;
};

/// Values read according to specs, in base units; text and choices in `texts`.
struct ParamValues {
  std::map<std::string, double> numbers;
  std::map<std::string, std::string> texts;
  bool has(const std::string& k) const { return numbers.count(k) || texts.count(k); }
  double number(const std::string& k, double fallback = 0) const {
    auto it = numbers.find(k);
    return it == numbers.end() ? fallback : it->second;
  }
  std::string text(const std::string& k, const std::string& fallback = "") const {
    auto it = texts.find(k);
    return it == texts.end() ? fallback : it->second;
  }
};

}  // namespace vgpusim
