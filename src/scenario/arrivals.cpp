#include "vgpusim/scenario/arrivals.hpp"

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
  int time_col = -1, workflow_col = -1;
  bool header = false;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = trim_field(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string> fields = split_csv_line(std::string(line));
    if (!header) {
      header = true;
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "time_s") time_col = static_cast<int>(i);
        if (fields[i] == "workflow") workflow_col = static_cast<int>(i);
      }
      if (time_col < 0) {
        errors.push_back("line " + std::to_string(line_no) +
                         ": the header names no `time_s` column (arrival time in seconds)");
        return {};
      }
      continue;
    }
    const auto need = static_cast<size_t>(std::max(time_col, workflow_col)) + 1;
    if (fields.size() < need) {
      errors.push_back("line " + std::to_string(line_no) + ": " + std::to_string(fields.size()) +
                       " field(s), the header has at least " + std::to_string(need));
      continue;
    }
    if (!workflow.empty() && workflow_col >= 0 &&
        fields[static_cast<size_t>(workflow_col)] != workflow)
      continue;
    const std::string& t = fields[static_cast<size_t>(time_col)];
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || errno == ERANGE || !std::isfinite(v) || v < 0) {
      errors.push_back("line " + std::to_string(line_no) + ": time_s '" + t +
                       "' is not a number of seconds >= 0");
      continue;
    }
    times.push_back(v);
  }
  if (!header) errors.push_back("the trace is empty (no header line with a `time_s` column)");
  std::stable_sort(times.begin(), times.end());
  return times;
}

std::vector<double> read_time_trace(const std::string& path, const std::string& workflow,
                                    std::vector<std::string>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back("cannot read '" + path + "': " + std::strerror(errno));
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_time_trace(text.str(), workflow, errors);
}

}  // namespace vgpusim
