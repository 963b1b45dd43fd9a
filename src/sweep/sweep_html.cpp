// sweep.html: the points of a sweep side by side, a table of every metric's mean (min-max
// over the seeds) and one bar chart per metric, so that the best fleet or policy shows at a
// glance. Self-contained like report.html.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

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

// Figures as people read them: no exponents for seconds or kWh in the thousands.
std::string short_num(double v) {
  const double a = std::fabs(v);
  if (a >= 1000 || a == std::floor(a)) return fmt::format("{:.0f}", v);
  if (a >= 1) return fmt::format("{:.4g}", v);
  return fmt::format("{:.3g}", v);
}

std::string cell(const SweepTable::Stat* s) {
  if (!s) return "<td>-</td>";
  if (s->n <= 1 || s->min == s->max) return "<td>" + short_num(s->mean) + "</td>";
  return fmt::format("<td>{}<br><span class=\"range\">{} to {}</span></td>", short_num(s->mean),
                     short_num(s->min), short_num(s->max));
}

std::string table(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t) {
  std::string h = "<div class=\"wide\"><table class=\"data\">\n<tr><th>point</th>";
  for (const auto& a : spec.vary) h += "<th>" + svg::escape(a.key) + "</th>";
  h += "<th>runs</th>";
  for (const auto& m : t.metrics) h += "<th>" + svg::escape(m) + "</th>";
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
      h += cell(it == stats.end() ? nullptr : &it->second);
    }
    h += "</tr>\n";
  }
  return h + "</table></div>\n";
}

std::string chart(const std::string& metric, const SweepPlan& plan, const SweepTable& t) {
  svg::BarChart c;
  c.title = metric;
  c.width = 1000, c.height = 240;
  c.y = {metric + " (mean over seeds)", std::nullopt, std::nullopt};
  double top = 0;
  svg::BarGroup g;
  g.name = metric, g.color = svg::palette(0);
  for (const SweepPoint& p : plan.points) {
    const auto& stats = t.points[static_cast<size_t>(p.index)];
    auto it = stats.find(metric);
    if (it == stats.end()) continue;
    c.categories.push_back(point_label(p));
    g.values.push_back(it->second.mean);
    top = std::max(top, std::fabs(it->second.mean));
  }
  c.value_decimals = top >= 100 ? 0 : top >= 1 ? 2 : 3;
  if (c.categories.empty()) return "";
  c.groups = {g};
  return fmt::format("<section>\n<h2>{}</h2>\n<figure>{}</figure>\n</section>\n",
                     svg::escape(metric), svg::render(c));
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
