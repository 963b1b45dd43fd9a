#pragma once
// Reads registry-declared parameters (util/param_spec.hpp) from a scenario map: each value
// through the typed reads of YamlReader (units, whole numbers, choices), then its declared
// range; an absent value takes the declared default, read the same way. Used for stage
// kinds, placement policies and anything else whose keys a registry entry owns.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "vgpusim/scenario/yaml_reader.hpp"
#include "vgpusim/util/param_spec.hpp"

namespace vgpusim {

/// Reads `spec.key` (dotted: nested maps) from `map` at `path` into `out`; problems reported.
void read_param(YamlReader& r, const YAML::Node& map, const std::string& path,
                const ParamSpec& spec, ParamValues& out);

/// Reports keys of the flat map `map` that no spec names: "unknown parameter 'x' of WHAT;
/// did you mean 'y'? (WHAT takes: a, b)" or "WHAT takes no parameters".
void check_param_names(YamlReader& r, const YAML::Node& map, const std::string& path,
                       const std::vector<ParamSpec>& specs, const std::string& what);

/// A read value written back as text (numbers in base units, shortest form; booleans as
/// true/false), for consumers that take parameters as strings (PolicyContext::params).
std::string param_text(const ParamSpec& spec, const ParamValues& values);

}  // namespace vgpusim
