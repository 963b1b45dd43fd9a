// The packing experiment's figure in report.html: GPU allocation against the workload
// arrived (as in Weng et al., ATC'23, Fig. 7), for runs of an imported task stream.
#include <fmt/format.h>

#include "report_charts.hpp"
#include "vgpusim/output/svg_chart.hpp"

namespace vgpusim::report {

std::string packing_section(const ReportData& d) {
  if (d.packing_curve.empty()) return "";
  svg::LineChart c;
  c.title = "GPU allocation against arrived workload";
  c.width = 1000, c.height = 320;
  c.x = {"arrived workload (% of the cluster's GPU capacity)", 0.0, 130.0};
  c.y = {"GPU capacity allocated (%)", 0.0, 100.0};
  svg::Series alloc;
  alloc.name = "allocated";
  alloc.color = svg::palette(0);
  for (const auto& p : d.packing_curve)
    alloc.x.push_back(p.arrived_pct), alloc.y.push_back(p.allocated_pct);
  svg::Series ideal;  // what a packer that never strands capacity would reach
  ideal.name = "arrived (no fragmentation)";
  ideal.color = svg::kPalette.back();
  ideal.dashed = true;
  ideal.x = {0, 100, 130}, ideal.y = {0, 100, 100};
  c.series = {ideal, alloc};
  c.markers = {{d.allocated_pct_at_100, fmt::format("{:.1f} %", d.allocated_pct_at_100)}};
  return fmt::format(
      "<section>\n<h2>Packing: allocation against arrived workload</h2>\n<p class=\"note\">"
      "Tasks arrive one after another and keep what they get; a task that finds no place is "
      "dropped. The gap between the dashed line and the curve is GPU capacity that "
      "fragmentation left unusable. Policy <b>{}</b>: <b>{:.2f} %</b> of the GPU capacity "
      "allocated when the arrived workload reached 100 %, {:.2f} % at the end ({:.1f} % "
      "arrived); {} tasks arrived, {} placed, {} dropped.</p>\n<figure>{}</figure>\n"
      "</section>\n",
      svg::escape(d.policy), d.allocated_pct_at_100, d.allocated_pct_final, d.arrived_pct_final,
      d.tasks_arrived, d.tasks_placed, d.tasks_dropped, svg::render(c));
}

}  // namespace vgpusim::report
