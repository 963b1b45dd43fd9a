#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "vgpusim/compare/render.hpp"

namespace vgpusim::compare {
namespace {

constexpr std::array<const char*, 7> kColumns = {"metric", "better",    "baseline", "candidate",
                                                 "change", "tolerance", "verdict"};

std::array<std::string, 7> cells(const MetricResult& r) {
  // An ungated figure has no better direction and no tolerance: it is not judged.
  return {r.rule.metric,
          r.rule.gated ? std::string(to_string(r.rule.better)) : "-",
          format_value(r.baseline),
          format_value(r.candidate),
          format_change(r),
          r.rule.gated ? r.rule.tolerance.to_string() : "-",
          std::string(to_string(r.verdict))};
}

/// `text` as Markdown inline code, unless a backtick or pipe in it would break the span or the
/// table; then as escaped text.
std::string code_span(const std::string& text) {
  if (text.find_first_of("`|\n") == std::string::npos) return "`" + text + "`";
  return markdown_escape(text);
}

std::string names_of(const Comparison& c, Verdict v) {
  std::string names;
  for (const auto& r : c.results)
    if (r.verdict == v) names += (names.empty() ? "" : ", ") + r.rule.metric;
  return names;
}

}  // namespace

std::string format_value(double v) {
  return fmt::format("{:.6g}", v);
}

std::string format_change(const MetricResult& r) {
  if (r.change() == 0) return "0";
  const auto pct = r.change_pct();
  return fmt::format("{:+.6g} ({})", r.change(), pct ? fmt::format("{:+.2f}%", *pct) : "n/a %");
}

std::string verdict_line(const Comparison& c) {
  const size_t info = c.count(Verdict::info);
  const size_t n = c.results.size() - info;  // the judged ones
  const size_t improved = c.count(Verdict::improved), ok = c.count(Verdict::ok);
  const std::string also = info ? fmt::format("; {} for information", info) : "";
  if (!c.regressed())
    return fmt::format("OK: no regression in {} metric{}; {} improved, {} ok{}", n,
                       n == 1 ? "" : "s", improved, ok, also);
  return fmt::format("REGRESSION: {} of {} metric{} regressed ({}); {} improved, {} ok{}",
                     c.count(Verdict::regressed), n, n == 1 ? "" : "s",
                     names_of(c, Verdict::regressed), improved, ok, also);
}

std::string render_table(const Comparison& c) {
  std::vector<std::array<std::string, 7>> rows;
  rows.push_back({});
  std::copy(kColumns.begin(), kColumns.end(), rows.back().begin());
  for (const auto& r : c.results) {
    rows.push_back(cells(r));
    if (r.verdict == Verdict::regressed) rows.back()[6] = "REGRESSED";
  }
  std::array<size_t, 7> width{};
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  std::string out =
      fmt::format("baseline:  {} ({})\ncandidate: {} ({})\nrules:     {}\n\n", c.baseline.file,
                  c.baseline.label, c.candidate.file, c.candidate.label, c.rules);
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      // Names and words to the left, figures to the right, as people read tables.
      const bool figure = i >= 2 && i <= 5;
      line += figure ? fmt::format("{:>{}}  ", row[i], width[i])
                     : fmt::format("{:<{}}  ", row[i], width[i]);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out + "\n" + verdict_line(c) + "\n";
}

std::string render_markdown(const Comparison& c) {
  std::string out =
      fmt::format("### vgpusim compare: {}\n\n", c.regressed() ? "regression" : "no regression");
  out +=
      fmt::format("Baseline {} ({}), candidate {} ({}); rules: {}.\n\n", code_span(c.baseline.file),
                  markdown_escape(c.baseline.label), code_span(c.candidate.file),
                  markdown_escape(c.candidate.label), markdown_escape(c.rules));
  for (const auto& w : c.warnings) out += "> warning: " + markdown_escape(w) + "\n\n";
  out += "| metric | better | baseline | candidate | change | tolerance | verdict |\n";
  out += "| --- | --- | ---: | ---: | ---: | ---: | --- |\n";
  for (const auto& r : c.results) {
    auto row = cells(r);
    row[0] = code_span(row[0]);
    for (size_t i = 1; i < row.size(); ++i) row[i] = markdown_escape(row[i]);
    if (r.verdict == Verdict::regressed) row[6] = "**" + row[6] + "**";
    out += fmt::format("| {} |\n", fmt::join(row, " | "));
  }
  return out + "\n**" + verdict_line(c) + "**\n";
}

std::string markdown_escape(std::string_view s) {
  std::string r;
  for (char ch : s) {
    if (ch == '\n' || ch == '\r') {
      r += ' ';
      continue;
    }
    if (std::string_view("\\`*_[]<>|#!").find(ch) != std::string_view::npos) r += '\\';
    r += ch;
  }
  return r;
}

}  // namespace vgpusim::compare
