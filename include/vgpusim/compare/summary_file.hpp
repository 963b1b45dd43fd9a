#pragma once
// A run's summary.json read back for `vgpusim compare` (JSON is YAML: yaml-cpp parses it and
// keeps line and column of every value for messages).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vgpusim::compare {

struct SummaryFile {
  std::string file;  // the file read: DIR/summary.json when given a run directory
  YAML::Node root;
  int64_t schema_version = 0;
  std::string scenario, policy;  // empty when absent
  std::optional<int64_t> seed;

  /// The value at a key path (`jct_s.p95`, `services[0].latency_s.p99`); an undefined node
  /// when any step is missing.
  YAML::Node find(const std::string& path) const;
  /// Key paths of every numeric value, for did-you-mean.
  std::vector<std::string> numeric_paths() const;
  /// "scenario openb-small, seed 1, policy fgd"
  std::string label() const;
};

/// A summary.json file, or a run directory (vgpusim run --out) holding one. Missing file,
/// invalid JSON or a file that is not a vgpusim summary: InputError.
SummaryFile load_summary(const std::string& file_or_dir);
SummaryFile parse_summary(const std::string& text, const std::string& file);

/// The number a value holds: a JSON number (not a quoted string, not null, finite).
std::optional<double> number_of(const YAML::Node& n);

}  // namespace vgpusim::compare
