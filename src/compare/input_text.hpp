#pragma once
// Reading the inputs of `vgpusim compare` (rules file; summary.json goes through util/json.hpp), with problems as
// InputError so that the CLI exits 2.
#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

namespace vgpusim::compare {

/// The whole file; InputError "FILE: cannot read the WHAT (...)" when it is missing or not a
/// regular file.
std::string read_input(const std::string& file, std::string_view what);

/// YAML text (a rules file) as a tree; InputError at the parser's line and column.
YAML::Node parse_input(const std::string& text, const std::string& file, std::string_view what);

}  // namespace vgpusim::compare
