#include "sweep_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "vgpusim/output/svg_chart.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim::sweep_chart {
namespace {

constexpr int kWidth = 1000, kHeight = 270;
constexpr double kLeft = 78, kRight = 24, kTop = 34, kBottom = 56;
constexpr const char* kBlue = "#0072B2";
constexpr const char* kVermillion = "#D55E00";

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}
std::string last_segment(const std::string& m) {
  const size_t dot = m.rfind('.');
  return dot == std::string::npos ? m : m.substr(dot + 1);
}

// Figures of a fraction of 1 that read best as percentages.
bool is_fraction(const std::string& m) {
  const std::string last = last_segment(m);
  if (ends_with(last, "_pct") || last.find("hours") != std::string::npos) return false;
  for (const char* w : {"allocation", "utilisation", "fragmentation", "attainment", "fraction",
                        "under", "kv_peak"})
    if (m.find(w) != std::string::npos) return true;
  return false;
}

// A tick value with thousands separators and the decimals its step needs.
std::string tick_text(double v, double step) {
  if (step >= 1 && std::fabs(v) < 1e15) {
    const auto n = static_cast<long long>(std::llround(v));
    return (n < 0 ? "-" : "") + format_count(std::llabs(n));
  }
  return svg::tick_label(v, step);
}

// The y domain: the values' range with a margin, on nice ticks; it starts at 0 only when the
// values come close to it (within a third of their range), so that small differences show.
svg::Ticks y_ticks(double lo, double hi, bool non_negative) {
  double span = hi - lo;
  if (span <= 0) span = hi != 0 ? std::fabs(hi) * 0.1 : 1;  // all equal: a unit around them
  double d0 = lo - span * 0.15, d1 = hi + span * 0.15;
  if (non_negative && (d0 < 0 || lo <= span / 3)) d0 = 0;
  return svg::nice_ticks(d0, d1, 5);
}

struct Frame {
  svg::Scale x, y;
  svg::Ticks ticks;
};

// Grid, y ticks and the horizontal axis title above the plot.
std::string y_axis(const Frame& f, const std::string& title) {
  std::string out = "<g class=\"axis\">";
  for (double v : f.ticks.values) {
    const double y = f.y(v);
    out += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"grid\"/><text x=\"{}\" y=\"{}\" "
        "text-anchor=\"end\">{}</text>",
        kLeft, svg::coord(y), kWidth - kRight, svg::coord(y), kLeft - 6, svg::coord(y + 4),
        tick_text(v, f.ticks.step));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"label\">{}</text></g>\n", kLeft, kTop - 14,
                     svg::escape(title));
  return out;
}

std::string axis_title(const std::string& metric, const MetricUnit& u) {
  std::string t = metric_title(metric);
  if (t != metric) t += " (" + metric + ")";
  return u.unit.empty() ? t : t + ", " + u.unit;
}

std::string bound_line(const Frame& f, double y, const std::string& label) {
  const double py = f.y(y);
  return fmt::format(
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"target\"/><text x=\"{}\" y=\"{}\" "
      "text-anchor=\"end\" class=\"small\">{}</text>\n",
      kLeft, svg::coord(py), kWidth - kRight, svg::coord(py), kWidth - kRight - 2,
      svg::coord(py - 4), svg::escape(label));
}

std::string marker(double x, double y, bool miss, bool chosen, const std::string& title) {
  std::string out = "<g>";
  out += fmt::format("<title>{}</title>", svg::escape(title));
  if (miss)
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"9\" height=\"9\" fill=\"#fff\" stroke=\"{}\" "
        "stroke-width=\"2\"/>",
        svg::coord(x - 4.5), svg::coord(y - 4.5), kVermillion);
  else
    out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{}\"/>", svg::coord(x),
                       svg::coord(y), kBlue);
  if (chosen)
    out += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"10\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/>",
        svg::coord(x), svg::coord(y));
  return out + "</g>";
}

std::string whisker(double x, double y0, double y1) {
  return fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#555\"/>"
      "<line x1=\"{3}\" y1=\"{1}\" x2=\"{4}\" y2=\"{1}\" stroke=\"#555\"/>"
      "<line x1=\"{3}\" y1=\"{2}\" x2=\"{4}\" y2=\"{2}\" stroke=\"#555\"/>",
      svg::coord(x), svg::coord(y0), svg::coord(y1), svg::coord(x - 5), svg::coord(x + 5));
}

std::string open_svg(const std::string& aria) {
  return fmt::format(
      "<svg viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" "
      "aria-label=\"{2}\">\n",
      kWidth, kHeight, svg::escape(aria));
}

// At most this many characters of a category label fit under its slot.
std::string fit_label(const std::string& s, double slot) {
  const auto chars = static_cast<size_t>(std::max(3.0, slot / 6.2));
  return s.size() <= chars ? s : s.substr(0, chars - 1) + "…";
}

}  // namespace

MetricUnit metric_unit(const std::string& m, double max_abs) {
  MetricUnit u;
  const std::string last = last_segment(m);
  if (ends_with(last, "_s") || m.find("_s.") != std::string::npos) {
    const svg::TimeUnit t = svg::time_unit_for(max_abs);
    return {MetricUnit::Kind::duration, 1 / t.seconds, t.name};
  }
  if (ends_with(last, "_usd") || m.find("_usd") != std::string::npos)
    return {MetricUnit::Kind::money, 1, "USD"};
  if (ends_with(last, "_kwh")) return {MetricUnit::Kind::energy, 1, "kWh"};
  if (ends_with(last, "_pct")) return {MetricUnit::Kind::percent, 1, "%"};
  if (is_fraction(m)) return {MetricUnit::Kind::percent, 100, "%"};
  if (last == "count" || last == "done" || last == "submitted" || last == "failed" ||
      last == "unfinished")
    return {MetricUnit::Kind::count, 1, ""};
  return u;
}

std::string metric_title(const std::string& m) {
  static const std::map<std::string, const char*> kTitles = {
      {"jobs.done", "jobs done"},
      {"stuck.count", "stuck stages"},
      {"makespan_s", "makespan"},
      {"jct_s.mean", "JCT mean"},
      {"jct_s.p50", "JCT p50"},
      {"jct_s.p95", "JCT p95"},
      {"jct_s.p99", "JCT p99"},
      {"queue_delay_s.mean", "queueing delay, mean"},
      {"queue_delay_s.p95", "queueing delay, p95"},
      {"gpus.allocation_mean", "GPU allocation, mean"},
      {"gpus.utilisation_mean", "GPU utilisation, mean"},
      {"gpus.fragmentation_mean", "fragmented GPU capacity, mean"},
      {"services_slo.attainment", "services meeting their SLOs"},
      {"migration.count", "live migrations"},
      {"migration.downtime_s", "migration downtime"},
      {"energy.total_kwh", "energy"},
      {"cost.total_usd", "total cost"},
      {"cost.gpu_list_price_usd", "GPU list price"},
      {"packing.allocated_pct_at_100", "allocated at 100 % arrived"},
      {"packing.allocated_pct_final", "allocated at the end"}};
  auto it = kTitles.find(m);
  return it == kTitles.end() ? m : it->second;
}

std::string human_value(const std::string& m, double v) {
  if (!std::isfinite(v)) return "-";
  const MetricUnit u = metric_unit(m, std::fabs(v));
  switch (u.kind) {
    case MetricUnit::Kind::duration:
      return format_duration(v);
    case MetricUnit::Kind::money:
      return format_money(v);
    case MetricUnit::Kind::percent:
      return fmt::format("{:.1f} %", v * u.scale);
    case MetricUnit::Kind::energy:
      return fmt::format("{} kWh", std::fabs(v) >= 100 ? format_count(std::llround(v))
                                                      : fmt::format("{:.3g}", v));
    case MetricUnit::Kind::count:
      if (v == std::floor(v) && std::fabs(v) < 1e15) return format_count(std::llround(v));
      return fmt::format("{:.4g}", v);
    case MetricUnit::Kind::other:
      break;
  }
  return std::fabs(v) >= 1000 && std::fabs(v) < 1e15 ? format_count(std::llround(v))
                                                     : fmt::format("{:.4g}", v);
}

std::string dot_whisker(const std::string& metric, const std::vector<Dot>& dots,
                        std::optional<double> bound, const std::string& bound_label) {
  if (dots.empty()) return "";
  double lo = INFINITY, hi = -INFINITY, top = 0;
  for (const Dot& d : dots) {
    lo = std::min(lo, d.min);
    hi = std::max(hi, d.max);
    top = std::max({top, std::fabs(d.min), std::fabs(d.max)});
  }
  if (bound) lo = std::min(lo, *bound), hi = std::max(hi, *bound);
  const MetricUnit u = metric_unit(metric, top);
  Frame f;
  f.ticks = y_ticks(lo * u.scale, hi * u.scale, lo >= 0);
  f.y = {f.ticks.values.front(), f.ticks.values.back(), kHeight - kBottom, kTop};
  const double slot = (kWidth - kLeft - kRight) / static_cast<double>(dots.size());
  // Labels every `every` categories, so that they never overlap (about 48 px each).
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(48.0 / slot)));
  std::string out = open_svg(metric_title(metric) + " across the points");
  out += y_axis(f, axis_title(metric, u) + (f.ticks.values.front() != 0 ? " (axis not from 0)" : ""));
  if (bound) out += bound_line(f, *bound * u.scale, bound_label);
  for (size_t i = 0; i < dots.size(); ++i) {
    const Dot& d = dots[i];
    const double x = kLeft + slot * (static_cast<double>(i) + 0.5);
    if (d.n > 1 && d.min < d.max) out += whisker(x, f.y(d.min * u.scale), f.y(d.max * u.scale));
    std::string title = fmt::format("{}: mean {}", d.label, human_value(metric, d.mean));
    if (d.n > 1)
      title += fmt::format(" over {} seeds, {} to {}", d.n, human_value(metric, d.min),
                           human_value(metric, d.max));
    out += marker(x, f.y(d.mean * u.scale), d.miss, d.chosen, title);
    if (slot >= 60)  // the mean's value beside its dot, where there is room
      out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"value\">{}</text>", svg::coord(x + 8),
                         svg::coord(f.y(d.mean * u.scale) + 3), svg::escape(human_value(metric, d.mean)));
    if (i % every == 0)
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                         svg::coord(x), kHeight - kBottom + 16,
                         svg::escape(fit_label(d.label, slot * static_cast<double>(every))));
  }
  out += fmt::format(
      "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"baseline\"/>\n", kLeft,
      kHeight - kBottom, kWidth - kRight);
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"small\">point "
                     "(values of the varied keys){}</text>\n",
                     (kLeft + kWidth - kRight) / 2, kHeight - 10,
                     every > 1 ? fmt::format("; every {}th labelled", every) : "");
  return out + "</svg>\n";
}

std::string cost_scatter(const std::string& cost_metric, const std::string& target_metric,
                         const std::vector<ScatterPoint>& points, std::optional<double> bound,
                         const std::string& bound_label) {
  if (points.empty()) return "";
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY, top = 0;
  for (const auto& p : points) {
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y_min), y1 = std::max(y1, p.y_max);
    top = std::max({top, std::fabs(p.y_min), std::fabs(p.y_max)});
  }
  if (bound) y0 = std::min(y0, *bound), y1 = std::max(y1, *bound);
  const MetricUnit ux = metric_unit(cost_metric, std::max(std::fabs(x0), std::fabs(x1)));
  const MetricUnit uy = metric_unit(target_metric, top);
  Frame f;
  f.ticks = y_ticks(y0 * uy.scale, y1 * uy.scale, y0 >= 0);
  f.y = {f.ticks.values.front(), f.ticks.values.back(), kHeight - kBottom, kTop};
  const svg::Ticks xt = y_ticks(x0 * ux.scale, x1 * ux.scale, x0 >= 0);
  f.x = {xt.values.front(), xt.values.back(), kLeft + 10, kWidth - kRight - 10};
  std::string out = open_svg("cost against " + metric_title(target_metric));
  out += y_axis(f, axis_title(target_metric, uy));
  for (double v : xt.values)
    out += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" class=\"grid\"/><text x=\"{0}\" "
        "y=\"{3}\" text-anchor=\"middle\">{4}</text>",
        svg::coord(f.x(v)), kTop, kHeight - kBottom, kHeight - kBottom + 16,
        tick_text(v, xt.step));
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"label\">{}</text>\n",
                     (kLeft + kWidth - kRight) / 2, kHeight - 12,
                     svg::escape(axis_title(cost_metric, ux) + " (mean over seeds)"));
  if (bound) out += bound_line(f, *bound * uy.scale, bound_label);
  std::vector<std::pair<double, double>> labels;  // placed label positions (x, y)
  for (const auto& p : points) {
    const double x = f.x(p.x * ux.scale), y = f.y(p.y * uy.scale);
    if (p.y_min < p.y_max) out += whisker(x, f.y(p.y_min * uy.scale), f.y(p.y_max * uy.scale));
    out += marker(x, y, !p.feasible, p.chosen,
                  fmt::format("{}: {} {}, {} {}{}", p.label, metric_title(cost_metric),
                              human_value(cost_metric, p.x), metric_title(target_metric),
                              human_value(target_metric, p.y),
                              p.feasible ? ", meets every target" : ", misses a target"));
    // Points at one spot (equal cost and figure) get their labels stacked, not overprinted.
    double ly = y - 7;
    for (bool moved = true; moved;) {
      moved = false;
      for (const auto& [px, py] : labels)
        if (std::fabs(px - x) < 40 && std::fabs(py - ly) < 11) ly = py - 12, moved = true;
    }
    labels.emplace_back(x, ly);
    out += fmt::format("<text x=\"{}\" y=\"{}\" class=\"{}\">{}</text>", svg::coord(x + 9),
                       svg::coord(ly), p.chosen ? "label" : "small",
                       svg::escape(p.chosen ? p.label + " (chosen)" : p.label));
  }
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" class=\"baseline\"/>\n",
                     kLeft, kHeight - kBottom, kWidth - kRight);
  return out + "</svg>\n";
}

}  // namespace vgpusim::sweep_chart
