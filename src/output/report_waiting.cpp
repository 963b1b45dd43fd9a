// The report's "Why stages waited" section: the reasons that kept the most GPU-hours
// waiting, from decisions.csv (written when outputs.decisions is on).
#include <fmt/format.h>

#include <algorithm>

#include "report_charts.hpp"
#include "vgpusim/output/decision_record.hpp"
#include "vgpusim/output/svg_chart.hpp"

namespace vgpusim::report {
namespace {
constexpr size_t kShown = 8;
}

std::string waiting_section(const ReportData& d) {
  if (!d.decisions) return "";
  if (d.waiting.empty())
    return "<section>\n<h2>Why stages waited</h2>\n<p class=\"note\">No stage waited for a "
           "placement (decisions.csv).</p>\n</section>\n";
  double total = 0, top = 0;
  for (const auto& w : d.waiting) {
    total += w.gpu_hours;
    top = std::max(top, w.gpu_hours);
  }
  std::string body =
      "<table class=\"data\"><tr><th>reason</th><th>GPU-hours waiting</th><th></th>"
      "<th>stage attempts</th><th>stage-hours</th></tr>\n";
  for (size_t i = 0; i < d.waiting.size() && i < kShown; ++i) {
    const auto& w = d.waiting[i];
    const double width = top > 0 ? 160.0 * w.gpu_hours / top : 0;
    body += fmt::format(
        "<tr><td>{} <span style=\"color:#666\">({})</span></td><td>{:.3g} ({})</td>"
        "<td><div style=\"width:{:.0f}px;height:10px;background:#0072B2\"></div></td>"
        "<td>{}</td><td>{:.3g}</td></tr>\n",
        svg::escape(describe_wait_reason(w.reason)), svg::escape(w.reason), w.gpu_hours,
        total > 0 ? percent(w.gpu_hours / total) : "-", width, w.stages, w.stage_hours);
  }
  body += "</table>\n";
  return fmt::format(
      "<section>\n<h2>Why stages waited</h2>\n<p class=\"note\">Each waiting stage's time, "
      "weighted by the GPUs it asked, added up by the reason it could not be placed: for a "
      "Wait, the refusal of the pool that came closest (decisions.csv <code>reason</code>; "
      "<code>vgpusim run --explain JOB</code> shows one job's attempts){}.</p>\n{}</section>\n",
      d.waiting.size() > kShown
          ? fmt::format("; the {} reasons with most GPU-hours of {}", kShown, d.waiting.size())
          : "",
      body);
}

}  // namespace vgpusim::report
