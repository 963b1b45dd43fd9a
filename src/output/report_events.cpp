// Cluster events on the report's time axes: drains, failures, restores, power-offs, boots
// and live migrations as vertical lines, and a table of them (events.csv, migrations.csv).
#include <fmt/format.h>

#include <map>
#include <set>

#include "report_charts.hpp"
#include "vgpusim/output/svg_chart.hpp"

namespace vgpusim::report {
namespace {

struct Look {
  const char* color;
  bool dashed;
  const char* name;
};

// Okabe & Ito colours, told apart by dashes too.
Look look(const std::string& kind) {
  static const std::map<std::string, Look> looks = {
      {"drain", {"#E69F00", false, "drain"}},      {"fail", {"#D55E00", false, "failure"}},
      {"restore", {"#009E73", false, "restore"}},  {"migration", {"#0072B2", true, "migration"}},
      {"power_off", {"#777777", true, "power-off"}}, {"boot", {"#CC79A7", true, "boot"}},
      {"preempted", {"#56B4E9", true, "preemption"}}, {"resumed", {"#F0E442", true, "resume"}}};
  auto it = looks.find(kind);
  return it == looks.end() ? Look{"#000000", false, "event"} : it->second;
}

// Lines closer than this fraction of the axis are drawn once (with a count).
constexpr double kMergeFraction = 1.0 / 1000;
constexpr size_t kMaxTableRows = 40;

}  // namespace

std::vector<svg::TimeMark> event_marks(const ReportData& d, double span, double unit_seconds) {
  // One line per kind and pixel-ish bin, its title listing what happened there.
  std::map<std::pair<std::string, long>, std::pair<double, std::vector<std::string>>> bins;
  for (const auto& e : d.events) {
    const long bin = span > 0 ? static_cast<long>(e.time / (span * kMergeFraction)) : 0;
    auto& b = bins[{e.kind, bin}];
    if (b.second.empty()) b.first = e.time;
    b.second.push_back(e.what);
  }
  std::vector<svg::TimeMark> marks;
  for (const auto& [key, b] : bins) {
    const Look l = look(key.first);
    std::string title = fmt::format("{} at {}: {}", l.name, duration(b.first), b.second.front());
    if (b.second.size() > 1) title += fmt::format(" and {} more", b.second.size() - 1);
    marks.push_back({b.first / unit_seconds, l.color, l.dashed, title});
  }
  return marks;
}

std::string events_legend(const ReportData& d) {
  std::map<std::string, size_t> count;
  for (const auto& e : d.events) ++count[e.kind];
  if (count.empty()) return "";
  std::string out = " Vertical lines: ";
  bool first = true;
  for (const auto& [kind, n] : count) {
    const Look l = look(kind);
    out += fmt::format("{}<span style=\"color:{};font-weight:700\">{} {}</span> ({})",
                       first ? "" : ", ", l.color, l.dashed ? "┆" : "│", l.name, n);
    first = false;
  }
  return out + " (hover a line for details).";
}

std::string events_section(const ReportData& d) {
  if (d.events.empty()) return "";
  // Rows: events at one time of one kind together ("6 migrations (drain)").
  struct Row {
    double time;
    std::string kind;
    std::vector<std::string> what;
  };
  std::vector<Row> rows;
  for (const auto& e : d.events) {
    if (!rows.empty() && rows.back().time == e.time && rows.back().kind == e.kind)
      rows.back().what.push_back(e.what);
    else
      rows.push_back({e.time, e.kind, {e.what}});
  }
  std::string body =
      "<table class=\"data\"><tr><th>time</th><th>event</th><th>what</th></tr>\n";
  for (size_t i = 0; i < rows.size() && i < kMaxTableRows; ++i) {
    const Row& r = rows[i];
    const Look l = look(r.kind);
    std::string what = svg::escape(r.what.front());
    if (r.what.size() > 1) what += fmt::format(" and {} more", r.what.size() - 1);
    body += fmt::format(
        "<tr><td>{}</td><td><span style=\"color:{};font-weight:700\">{}</span>{}</td><td>{}</td>"
        "</tr>\n",
        duration(r.time), l.color, l.name,
        r.what.size() > 1 ? fmt::format(" ×{}", r.what.size()) : "", what);
  }
  body += "</table>\n";
  return fmt::format(
      "<section>\n<h2>Cluster events</h2>\n<p class=\"note\">Drains, failures and restores "
      "(the scenario's events), power-offs and boots (power management) and live migrations "
      "(events.csv, migrations.csv){}.</p>\n{}</section>\n",
      rows.size() > kMaxTableRows
          ? fmt::format("; the first {} of {} rows", kMaxTableRows, rows.size())
          : "",
      body);
}

}  // namespace vgpusim::report
