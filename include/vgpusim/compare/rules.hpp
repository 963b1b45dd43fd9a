#pragma once
// The rules of `vgpusim compare`: per metric of summary.json, the direction that is better
// and how far it may move the other way before it counts as a regression (docs/compare.md).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vgpusim::compare {

enum class Better { higher, lower };
std::string_view to_string(Better b);

/// How far a metric may move in its bad direction and still be "ok".
struct Tolerance {
  double value = 0;       // absolute, in the metric's unit; relative: a fraction of the baseline
  bool relative = false;  // written as a percentage ("5%" is 0.05)
  std::string to_string() const;  // as a user writes it: "0.1", "5%"
};

/// "0.5" (absolute) or "5%" (relative); nullopt for anything else, negatives included.
std::optional<Tolerance> parse_tolerance(std::string_view text);

struct Rule {
  std::string metric;  // dotted key path into summary.json: jct_s.p95, services[0].latency_s.p99
  Better better = Better::lower;
  Tolerance tolerance;
  // False for a figure reported as information only, never judged: the built-in rules of
  // gpus.allocation_mean and utilisation_mean (on a closed workload a run that finishes the
  // same work sooner holds fewer GPUs on average: lower allocation can be an improvement).
  // A rules file gates every metric it names.
  bool gated = true;
  // Where the metric was written (rules file, line, column, rules[i].metric), so that a
  // metric missing from a summary is reported there; line 0 for a built-in rule.
  int line = 0, column = 0;
  std::string path;
};

struct Rules {
  std::string file;  // empty: the built-in defaults
  std::vector<Rule> rules;
  bool builtin() const { return file.empty(); }
};

/// The rules applied without --rules; a metric absent from both summaries is skipped.
Rules default_rules();

/// Reads a rules file. Every problem at once, as InputError (FILE:LINE:COL: key.path: ...).
Rules load_rules(const std::string& file);
Rules parse_rules(const std::string& text, const std::string& file);

/// True for a key path as `metric` takes it: names joined by dots, each with optional [i].
bool valid_key_path(std::string_view path);

}  // namespace vgpusim::compare
