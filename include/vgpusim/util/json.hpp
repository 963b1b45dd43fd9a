#pragma once
// Every JSON the program writes or reads goes through nlohmann-json (Debian
// nlohmann-json3-dev): summary.json, plan.json, sweep.json, catalog --json, and the files read
// back by compare, sweep, plan and report. Two things are ours on top of it:
// - the number format (12 significant digits, shortest form, so that last-bit noise never
//   changes a byte of summary.json and the same run is byte-identical), and
// - positions for messages: nlohmann-json 3.11 keeps none, so json_position() finds the line
//   and column of a key path in the text when a message needs one.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace vgpusim {

/// Objects keep their keys in insertion order, as the files are documented.
using Json = nlohmann::ordered_json;

/// `s` quoted and escaped as a JSON string. The one place strings are escaped and checked for
/// UTF-8: a byte that is not part of valid UTF-8 becomes U+FFFD, so that what vgpusim writes
/// is always valid JSON (the loader refuses such names before a run; this is the backstop).
std::string json_quote(std::string_view s);

/// Whether `s` is valid UTF-8.
bool is_valid_utf8(std::string_view s);

/// Shortest round-trip form of `v` rounded to 12 significant digits; `null` when not finite.
std::string json_number(double v);
/// json_number(v) appended to `out` (no string of its own: tables write millions of them).
void append_json_number(std::string& out, double v);

/// `v` as text: `indent` spaces per level and a final newline, or one line when indent is 0.
/// Numbers through json_number(), strings through json_quote().
std::string dump_json(const Json& v, int indent = 2);

/// Parses `text`; invalid JSON, or JSON nested deeper than kMaxJsonDepth, is an InputError
/// `FILE:LINE:COL: invalid WHAT: ...`.
inline constexpr int kMaxJsonDepth = 256;
Json parse_json(std::string_view text, const std::string& file, std::string_view what);

/// The value at a key path (`jct_s.p95`, `services[0].latency_s.p99`), or nullptr when any
/// step is missing.
const Json* json_find(const Json& root, std::string_view path);

/// A scalar as a person reads it: a string's text, anything else as compact JSON.
std::string json_text(const Json& v);

/// 1-based line and column where the value at `path` (`jobs.done`, `services[0].slo`) starts
/// in `text`, already known to be valid JSON; {0, 0} when the path is not there.
std::pair<int, int> json_position(std::string_view text, std::string_view path);

}  // namespace vgpusim
