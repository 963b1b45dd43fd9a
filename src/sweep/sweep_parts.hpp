#pragma once
// The parts of sweep-file loading that plan files share (a plan is a sweep with targets).
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "vgpusim/scenario/yaml_reader.hpp"
#include "vgpusim/sweep/sweep.hpp"

namespace vgpusim {

/// The keys of a sweep file.
extern const std::vector<std::string> kSweepKeys;

/// Reads `path`; a file that cannot be read or parsed throws InputError with `diags`.
YAML::Node load_yaml_file(const std::string& path, Diagnostics& diags);

/// Reads version, name, scenario, vary, seeds / replications and metrics into `s`,
/// recording problems in r's diagnostics.
void read_sweep_keys(YamlReader& r, const YAML::Node& root, SweepSpec& s);

}  // namespace vgpusim
