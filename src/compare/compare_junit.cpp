#include <fmt/format.h>

#include "vgpusim/compare/render.hpp"
#include "vgpusim/output/svg_chart.hpp"

namespace vgpusim::compare {
namespace {

/// One sentence a CI page shows for a metric.
std::string describe(const MetricResult& r) {
  if (!r.rule.gated)
    return fmt::format("{} (for information, not judged): {} -> {}, change {}", r.rule.metric,
                       format_value(r.baseline), format_value(r.candidate), format_change(r));
  return fmt::format("{} {}: {} -> {}, change {}; {} is better, tolerance {}", r.rule.metric,
                     to_string(r.verdict), format_value(r.baseline), format_value(r.candidate),
                     format_change(r), to_string(r.rule.better), r.rule.tolerance.to_string());
}

}  // namespace

std::string xml_escape(std::string_view s) {
  // XML 1.0 cannot hold control characters other than tab and line breaks, not even as
  // character references; the rest is the SVG writer's escaping.
  std::string kept;
  for (char ch : s)
    if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r')
      kept += ch;
  return svg::escape(kept);
}

std::string render_junit(const Comparison& c) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuite name=\"vgpusim compare\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
      "skipped=\"0\" time=\"0\">\n",
      c.results.size(), c.count(Verdict::regressed));
  out += "  <properties>\n";
  auto property = [&](const char* name, const std::string& value) {
    out += fmt::format("    <property name=\"{}\" value=\"{}\"/>\n", name, xml_escape(value));
  };
  property("baseline", fmt::format("{} ({})", c.baseline.file, c.baseline.label));
  property("candidate", fmt::format("{} ({})", c.candidate.file, c.candidate.label));
  property("rules", c.rules);
  out += "  </properties>\n";
  for (const auto& r : c.results) {
    const std::string text = xml_escape(describe(r));
    out += fmt::format("  <testcase classname=\"vgpusim.compare\" name=\"{}\" time=\"0\">\n",
                       xml_escape(r.rule.metric));
    if (r.verdict == Verdict::regressed)
      out +=
          fmt::format("    <failure type=\"regression\" message=\"{}\">{}</failure>\n", text, text);
    else
      out += fmt::format("    <system-out>{}</system-out>\n", text);
    out += "  </testcase>\n";
  }
  if (!c.warnings.empty()) {
    out += "  <system-err>";
    for (const auto& w : c.warnings) out += xml_escape("warning: " + w) + "\n";
    out += "</system-err>\n";
  }
  return out + "</testsuite>\n";
}

}  // namespace vgpusim::compare
