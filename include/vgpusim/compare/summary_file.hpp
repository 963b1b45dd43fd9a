#pragma once
// A run's summary.json read back for `vgpusim compare` (through nlohmann-json, util/json.hpp;
// the text is kept so that a message can say at which line and column a value stands).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "vgpusim/util/json.hpp"

namespace vgpusim::compare {

struct SummaryFile {
  std::string file;  // the file read: DIR/summary.json when given a run directory
  std::string text;  // what was read; empty for a summary built in memory (a sweep point)
  Json root;
  int64_t schema_version = 0;
  std::string scenario, policy;  // empty when absent
  std::optional<int64_t> seed;

  /// The value at a key path (`jct_s.p95`, `services[0].latency_s.p99`); nullptr when any
  /// step is missing.
  const Json* find(const std::string& path) const { return json_find(root, path); }
  /// Line and column of the value at `path` in the file, {0, 0} when unknown.
  std::pair<int, int> position(const std::string& path) const {
    return json_position(text, path);
  }
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
std::optional<double> number_of(const Json* n);

}  // namespace vgpusim::compare
