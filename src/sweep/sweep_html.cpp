// sweep.html: the points of a sweep side by side, a table of every metric's mean (min-max
// over the seeds) and one bar chart per metric, so that the best fleet or policy shows at a
// glance. Self-contained like report.html.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sweep_charts.hpp"
#include "vgpusim/output/report_html.hpp"
#include "vgpusim/output/svg_chart.hpp"
#include "vgpusim/sweep/sweep.hpp"

namespace vgpusim {
namespace {

// Points are named by their values ("4, fgd"): shorter than key=value, and the table's
// header says which key each value belongs to.
std::string point_label(const SweepPoint& p) {
  std::string s;
  for (const auto& [k, v] : p.values) s += (s.empty() ? "" : ", ") + v;
  return s.empty() ? p.id : s;
}

// Figures as people read them: durations in h/min, fractions in %, money in dollars.
std::string cell(const std::string& metric, const SweepTable::Stat* s) {
  using sweep_chart::human_value;
  if (!s) return "<td>-</td>";
  if (s->n <= 1 || s->min == s->max) return "<td>" + human_value(metric, s->mean) + "</td>";
  return fmt::format("<td>{}<br><span class=\"range\">{} to {}</span></td>",
                     human_value(metric, s->mean), human_value(metric, s->min),
                     human_value(metric, s->max));
}

std::string table(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t) {
  std::string h = "<div class=\"wide\"><table class=\"data\">\n<tr><th>point</th>";
  for (const auto& a : spec.vary) h += "<th>" + svg::escape(a.key) + "</th>";
  h += "<th>runs</th>";
  for (const auto& m : t.metrics) h += "<th>" + svg::escape(m) + "</th>";  // key paths: exact
  h += "</tr>\n";
  for (const SweepPoint& p : plan.points) {
    const auto& stats = t.points[static_cast<size_t>(p.index)];
    int n = 0;
    for (const auto& [m, s] : stats) n = std::max(n, s.n);
    h += "<tr><td>" + p.id + "</td>";
    for (const auto& [k, v] : p.values) h += "<td>" + svg::escape(v) + "</td>";
    h += fmt::format("<td>{}</td>", n);
    for (const auto& m : t.metrics) {
      auto it = stats.find(m);
      h += cell(m, it == stats.end() ? nullptr : &it->second);
    }
    h += "</tr>\n";
  }
  return h + "</table></div>\n";
}

std::string chart(const std::string& metric, const SweepPlan& plan, const SweepTable& t) {
  std::vector<sweep_chart::Dot> dots;
  for (const SweepPoint& p : plan.points) {
    const auto& stats = t.points[static_cast<size_t>(p.index)];
    auto it = stats.find(metric);
    if (it == stats.end()) continue;
    const SweepTable::Stat& s = it->second;
    dots.push_back({point_label(p), s.mean, s.min, s.max, s.n, false, false});
  }
  if (dots.empty()) return "";
  return fmt::format(
      "<section>\n<h2>{}</h2>\n<p class=\"note\"><code>{}</code>: mean over the seeds (dot), "
      "lowest to highest seed (whisker); hover a dot for its figures.</p>\n<figure>{}</figure>\n"
      "</section>\n",
      svg::escape(sweep_chart::metric_title(metric)), svg::escape(metric),
      sweep_chart::dot_whisker(metric, dots));
}

}  // namespace

std::string sweep_html(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<title>vgpusim sweep: {}</title>\n", svg::escape(spec.name));
  out += fmt::format(
      "<style>{}.range {{ color: #777; font-size: 11px; white-space: nowrap; }} .wide {{ "
      "overflow-x: auto; }}</style>\n</head>\n<body>\n",
      report_stylesheet());
  std::string vary;
  for (const auto& a : spec.vary)
    vary += fmt::format("{}<b>{}</b> ({} values)", vary.empty() ? "" : " × ", svg::escape(a.key),
                        a.values.size());
  out += fmt::format(
      "<header>\n<h1>{}</h1>\n<p class=\"meta\">scenario <b>{}</b> · {} · {} seeds · {} of {} "
      "runs present</p>\n</header>\n",
      svg::escape(spec.name), svg::escape(spec.scenario), vary.empty() ? "no grid" : vary,
      spec.seeds.empty() ? 1 : spec.seeds.size(), t.runs_present, plan.runs.size());
  out +=
      "<section>\n<h2>Points</h2>\n<p class=\"note\">Mean over the seeds of each point, "
      "with the lowest and highest seed below it when they differ. points.csv and sweep.json hold "
      "the same figures; each "
      "run's own outputs are under runs/.</p>\n" +
      table(spec, plan, t) + "</section>\n";
  for (const auto& m : t.metrics) out += chart(m, plan, t);
  out += fmt::format("<footer>vgpusim {} · vgpusim sweep {}</footer>\n", VGPUSIM_VERSION,
                     svg::escape(spec.file));
  return out + "</body>\n</html>\n";
}

}  // namespace vgpusim
