#include "vgpusim/scenario/llm_trace.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "vgpusim/scenario/trace_rows.hpp"

namespace vgpusim {
namespace {

bool digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool parse_count(const std::string& f, int64_t& out) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(f.c_str(), &end);
  if (f.empty() || end != f.c_str() + f.size() || errno == ERANGE || !std::isfinite(v) ||
      v < 0 || v != std::floor(v) || v > 1e9)
    return false;
  out = static_cast<int64_t>(v);
  return true;
}

}  // namespace

double parse_datetime_seconds(std::string_view s) {
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mo) ||
      s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != ' ' && s[10] != 'T') ||
      !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
      !digits(s, 17, 2, se))
    return -1;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return -1;
  double frac = 0;
  if (s.size() > 19) {
    if (s[19] != '.' || s.size() == 20) return -1;
    double scale = 0.1;
    for (size_t i = 20; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      frac += (s[i] - '0') * scale;
      scale /= 10;
    }
  }
  return static_cast<double>(days_from_civil(y, mo, d)) * 86400.0 + h * 3600.0 + mi * 60.0 + se +
         frac;
}

std::vector<LlmTraceRequest> parse_llm_trace(std::string_view text,
                                             std::vector<std::string>& errors) {
  std::vector<LlmTraceRequest> out;
  TraceRows rows(text);
  std::vector<std::string> f;
  if (!rows.next(f)) {
    errors.push_back("the trace is empty (no header line)");
    return out;
  }
  const int azure_col = column_of(f, {"TIMESTAMP"});
  const bool azure = azure_col >= 0;
  const int time_col = azure ? azure_col : column_of(f, {"time_s"});
  const int prompt_col = column_of(f, {"prompt_tokens", "ContextTokens"});
  const int output_col = column_of(f, {"output_tokens", "GeneratedTokens"});
  if (time_col < 0 || prompt_col < 0 || output_col < 0) {
    rows.error(errors, "the header needs time_s, prompt_tokens and output_tokens (or the Azure "
                       "trace's TIMESTAMP, ContextTokens and GeneratedTokens)");
    return {};
  }
  const auto need = static_cast<size_t>(std::max({time_col, prompt_col, output_col})) + 1;
  while (rows.next(f)) {
    if (!rows.has_fields(f, need, errors)) continue;
    LlmTraceRequest r;
    const std::string& t = f[static_cast<size_t>(time_col)];
    if (azure) {
      r.time = parse_datetime_seconds(t);
      if (r.time < 0) {
        rows.error(errors, "TIMESTAMP '" + t + "' is not a date-time YYYY-MM-DD HH:MM:SS[.fraction]");
        continue;
      }
    } else if (auto v = parse_seconds(t)) {
      r.time = *v;
    } else {
      rows.error(errors, "time_s '" + t + "' is not a number of seconds >= 0");
      continue;
    }
    const std::string& pt = f[static_cast<size_t>(prompt_col)];
    const std::string& ot = f[static_cast<size_t>(output_col)];
    if (!parse_count(pt, r.prompt) || r.prompt < 1) {
      rows.error(errors, "prompt tokens '" + pt + "' is not an integer >= 1");
      continue;
    }
    if (!parse_count(ot, r.output)) {
      rows.error(errors, "output tokens '" + ot + "' is not an integer >= 0");
      continue;
    }
    r.output = std::max<int64_t>(1, r.output);  // the prefill always yields the first token
    out.push_back(r);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const LlmTraceRequest& a, const LlmTraceRequest& b) { return a.time < b.time; });
  if (azure && !out.empty()) {
    const double t0 = out.front().time;
    for (auto& r : out) r.time -= t0;
  }
  return out;
}

std::vector<LlmTraceRequest> read_llm_trace(const std::string& path,
                                            std::vector<std::string>& errors) {
  const auto text = read_trace_text(path, errors);
  return text ? parse_llm_trace(*text, errors) : std::vector<LlmTraceRequest>{};
}

}  // namespace vgpusim
