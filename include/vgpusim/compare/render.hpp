#pragma once
// A Comparison as a terminal table, a Markdown comment and a JUnit XML report.
#include <string>
#include <string_view>

#include "vgpusim/compare/compare.hpp"

namespace vgpusim::compare {

/// "REGRESSION: 2 of 13 metrics regressed (a, b); 1 improved, 10 ok" or "OK: ...".
std::string verdict_line(const Comparison& c);

/// Aligned columns for stdout, then the verdict line.
std::string render_table(const Comparison& c);
/// A Markdown table and the verdict line, for a CI comment.
std::string render_markdown(const Comparison& c);
/// One <testsuite name="vgpusim compare">, one <testcase> per metric, <failure> on regression.
std::string render_junit(const Comparison& c);

/// Cells shared by the three renderings ("0.597867", "-0.0193622 (-3.24%)").
std::string format_value(double v);
std::string format_change(const MetricResult& r);

/// Text for XML element content and attribute values; drops control characters XML 1.0
/// cannot hold.
std::string xml_escape(std::string_view s);
/// Text for a Markdown table cell: Markdown punctuation and pipes backslash-escaped.
std::string markdown_escape(std::string_view s);

}  // namespace vgpusim::compare
