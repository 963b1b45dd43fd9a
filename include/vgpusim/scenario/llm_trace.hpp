#pragma once
// Request traces of LLM services (serve `requests.trace` with `model:`): arrival time,
// prompt tokens and output tokens per request. Two column layouts (docs/serving.md):
// the generic one (`time_s`, `prompt_tokens`, `output_tokens`) and the one of the public
// Azure LLM inference traces (`TIMESTAMP`, `ContextTokens`, `GeneratedTokens`, the time a
// date-time "2023-11-16 18:15:46.6805900", taken relative to the earliest row). Engine-free.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vgpusim {

struct LlmTraceRequest {
  double time = 0;  // s since serving started
  int64_t prompt = 0;
  int64_t output = 0;
};

/// Rows sorted by time; every problem goes to `errors` as "line N: message".
std::vector<LlmTraceRequest> parse_llm_trace(std::string_view text,
                                             std::vector<std::string>& errors);
/// Reads `path` and parses it; an unreadable file is one error.
std::vector<LlmTraceRequest> read_llm_trace(const std::string& path,
                                            std::vector<std::string>& errors);

/// Seconds since 1970-01-01 of "YYYY-MM-DD HH:MM:SS[.fraction]" (UTC, proleptic
/// Gregorian), or a negative number when `text` is not such a date-time.
double parse_datetime_seconds(std::string_view text);

}  // namespace vgpusim
