#include "vgpusim/scenario/arrivals.hpp"
#include "vgpusim/scenario/trace_rows.hpp"

#include "vgpusim/trace/trace_csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace vgpusim {

double uniform01(uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

std::vector<Arrival> generate_arrivals(const Scenario& s) {
  std::vector<Arrival> all;
  for (size_t w = 0; w < s.workflows.size(); ++w) {
    const ArrivalSpec& a = s.workflows[w].arrival;
    if (a.process == ArrivalSpec::Process::times) {
      for (size_t k = 0; k < a.times.size(); ++k)
        all.push_back({a.times[k], static_cast<int>(w), static_cast<int64_t>(k)});
      continue;
    }
    // One stream per workflow, so adding a workflow does not change the others' arrivals.
    std::mt19937_64 rng(s.seed * 0x9E3779B97F4A7C15ULL + w + 1);
    double t = a.start;
    for (int64_t i = 0; a.count == 0 || i < a.count; ++i) {
      t += -std::log1p(-uniform01(rng())) / a.rate;
      if (s.horizon > 0 && t > s.horizon) break;
      all.push_back({t, static_cast<int>(w), i});
    }
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Arrival& x, const Arrival& y) { return x.time < y.time; });
  return all;
}

std::string_view trim_field(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
    v.remove_suffix(1);
  return v;
}

std::vector<std::string> split_csv(std::string_view line) {
  return split_csv_line(std::string(line));  // one CSV splitter (trace/trace_csv.hpp)
}

std::vector<double> parse_time_trace(std::string_view text, const std::string& workflow,
                                     std::vector<std::string>& errors) {
  std::vector<double> times;
  TraceRows rows(text);
  std::vector<std::string> f;
  if (!rows.next(f)) {
    errors.push_back("the trace is empty (no header line with a `time_s` column)");
    return times;
  }
  const int time_col = column_of(f, {"time_s"}), workflow_col = column_of(f, {"workflow"});
  if (time_col < 0) {
    rows.error(errors, "the header names no `time_s` column (arrival time in seconds)");
    return {};
  }
  const auto need = static_cast<size_t>(std::max(time_col, workflow_col)) + 1;
  while (rows.next(f)) {
    if (!rows.has_fields(f, need, errors)) continue;
    if (!workflow.empty() && workflow_col >= 0 && f[static_cast<size_t>(workflow_col)] != workflow)
      continue;
    const std::string& t = f[static_cast<size_t>(time_col)];
    if (auto v = parse_seconds(t))
      times.push_back(*v);
    else
      rows.error(errors, "time_s '" + t + "' is not a number of seconds >= 0");
  }
  std::stable_sort(times.begin(), times.end());
  return times;
}

std::vector<double> read_time_trace(const std::string& path, const std::string& workflow,
                                    std::vector<std::string>& errors) {
  const auto text = read_trace_text(path, errors);
  return text ? parse_time_trace(*text, workflow, errors) : std::vector<double>{};
}

}  // namespace vgpusim
