#pragma once
// `vgpusim compare` (SPEC section 5), the CI regression gate: two runs' summary.json checked
// against per-metric rules. Load (rules.hpp, summary_file.hpp), evaluate (here), render
// (render.hpp): each step hands one value to the next. Engine-free.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vgpusim/compare/rules.hpp"
#include "vgpusim/compare/summary_file.hpp"

namespace vgpusim::compare {

enum class Verdict { ok, improved, regressed, info };  // info: an ungated rule's figure
std::string_view to_string(Verdict v);

/// Whether `candidate` is worse than `baseline` by more than the rule's tolerance
/// (regressed), better by more than it (improved), or neither (ok). A relative tolerance
/// of a zero baseline allows nothing. An ungated rule (Rule::gated) is always `info`.
Verdict judge(const Rule& rule, double baseline, double candidate);

struct MetricResult {
  Rule rule;
  double baseline = 0, candidate = 0;
  Verdict verdict = Verdict::ok;
  double change() const { return candidate - baseline; }
  /// In percent of the baseline; nullopt when the baseline is 0 and the candidate is not.
  std::optional<double> change_pct() const;
};

/// One side of the comparison, for headings.
struct RunInfo {
  std::string file, label;
};

struct Comparison {
  RunInfo baseline, candidate;
  std::string rules;                  // the rules file, or "built-in defaults"
  std::vector<MetricResult> results;  // in rule order
  std::vector<std::string> warnings;  // e.g. the runs are of different scenarios or seeds
  size_t count(Verdict v) const;
  bool regressed() const { return count(Verdict::regressed) > 0; }
};

/// Applies every rule. Different schema versions, an explicit rule whose metric either
/// summary lacks, or a value that is not a number: InputError with every problem.
Comparison evaluate(const SummaryFile& baseline, const SummaryFile& candidate, const Rules& rules);

}  // namespace vgpusim::compare
