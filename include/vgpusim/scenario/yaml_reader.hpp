#pragma once
// Typed, located reads from a YAML tree that record every problem as a Diagnostic instead
// of stopping at the first one.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/util/diagnostics.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim {

class YamlReader {
 public:
  YamlReader(std::string file, Diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

  void error(const YAML::Node& at, const std::string& path, const std::string& message);
  void error(const YAML::Mark& at, const std::string& path, const std::string& message);

  /// Reports the keys of `map` that are not in `allowed`, with a did-you-mean.
  void check_keys(const YAML::Node& map, const std::string& path,
                  const std::vector<std::string>& allowed);
  /// True when `node` is a map; reports it otherwise.
  bool expect_map(const YAML::Node& node, const std::string& path);
  bool expect_sequence(const YAML::Node& node, const std::string& path);

  // Field reads from a map: nullopt when absent (reported when required) or invalid.
  std::optional<double> quantity(const YAML::Node& map, const std::string& path,
                                 const std::string& key, Quantity kind, bool required = false);
  std::optional<double> number(const YAML::Node& map, const std::string& path,
                               const std::string& key, bool required = false, double min = 0,
                               double max = 1e300);
  std::optional<int64_t> integer(const YAML::Node& map, const std::string& path,
                                 const std::string& key, bool required = false, int64_t min = 0,
                                 int64_t max = INT64_MAX);
  std::optional<std::string> text(const YAML::Node& map, const std::string& path,
                                  const std::string& key, bool required = false);
  std::optional<std::string> choice(const YAML::Node& map, const std::string& path,
                                    const std::string& key, const std::vector<std::string>& allowed,
                                    bool required = false);
  std::optional<bool> boolean(const YAML::Node& map, const std::string& path,
                              const std::string& key, bool required = false);

  // Scalar reads of a node itself.
  std::optional<double> quantity_of(const YAML::Node& n, const std::string& path, Quantity kind);
  std::optional<std::string> scalar_of(const YAML::Node& n, const std::string& path);

  /// Marks `value` (and everything under it) as coming from `label` (a command-line flag such
  /// as "--set horizon=abc") rather than the file: problems with it name the flag.
  void from_flag(YAML::Node value, const std::string& label);

  const std::string& file() const { return file_; }
  Diagnostics& diagnostics() { return diags_; }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static std::string index(const std::string& path, size_t i) {
    return path + "[" + std::to_string(i) + "]";
  }

 private:
  YAML::Node field(const YAML::Node& map, const std::string& path, const std::string& key,
                   bool required);
  std::string file_;
  Diagnostics& diags_;
  std::vector<std::string> flags_;  // labels of values from flags, by tag number
};

}  // namespace vgpusim
