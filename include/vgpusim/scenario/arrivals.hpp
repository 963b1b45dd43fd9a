#pragma once
// Job arrival times of every workflow, drawn once from the scenario's seed. Engine-free.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vgpusim/scenario/scenario.hpp"

namespace vgpusim {

struct Arrival {
  double time = 0;
  int workflow = 0;
  int64_t index = 0;  // the k-th arrival of its workflow (WorkflowSpec::trace_jobs[k])
};

/// All arrivals, sorted by time (ties: workflow order, then draw order). Poisson streams
/// stop after `count` jobs or at the horizon.
std::vector<Arrival> generate_arrivals(const Scenario& s);

/// A uniform double in [0, 1) from the top 53 bits: the same on every platform, unlike
/// std::uniform_real_distribution.
double uniform01(uint64_t bits);

/// Blanks (spaces, tabs, a CR) removed at both ends.
std::string_view trim_field(std::string_view v);
/// Splits one CSV line into trimmed fields; a field in double quotes may hold commas
/// ("" is a quote).
std::vector<std::string> split_csv(std::string_view line);

/// The generic CSV trace of arrival times (workflow arrivals `arrival: {trace: F}` and
/// serve `requests.trace`; columns in docs/workflows.md). The first non-comment line is a
/// header naming the columns, in any order: `time_s` (required) is the arrival time in
/// seconds (>= 0); `workflow` (optional) keeps only the rows whose value equals `workflow`
/// when that is not empty; other columns are ignored. Blank lines and lines starting
/// with '#' are skipped; fields may be double-quoted. Returns the times sorted; every
/// problem goes to `errors` as "line N: message".
std::vector<double> parse_time_trace(std::string_view text, const std::string& workflow,
                                     std::vector<std::string>& errors);

/// Reads `path` and parses it with parse_time_trace; an unreadable file is one error.
std::vector<double> read_time_trace(const std::string& path, const std::string& workflow,
                                    std::vector<std::string>& errors);

}  // namespace vgpusim
