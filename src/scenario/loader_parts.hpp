#pragma once
// Internal pieces of the scenario loader, one per top-level section.
#include <yaml-cpp/yaml.h>

#include "vgpusim/scenario/scenario.hpp"
#include "vgpusim/scenario/yaml_reader.hpp"

namespace vgpusim::loader {

void read_datacenter(YamlReader& r, const YAML::Node& dc, Scenario& s);
void read_workflows(YamlReader& r, const YAML::Node& wfs, Scenario& s);
void read_policy(YamlReader& r, const YAML::Node& p, Scenario& s);
/// Applies "key.path=value" to the tree; reports malformed overrides.
void apply_set(YamlReader& r, YAML::Node& root, const std::string& assignment);

}  // namespace vgpusim::loader
