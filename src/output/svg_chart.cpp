#include "vgpusim/output/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace vgpusim::svg {
namespace {

// Plot margins (px): room for tick labels at the left and bottom, the legend on top and
// marker labels at the right.
constexpr double kLeft = 58, kRight = 78, kTop = 30, kBottom = 42;
constexpr double kCharWidth = 6.6;  // average width of a 11px sans-serif glyph

std::string svg_open(int w, int h, const std::string& title) {
  return fmt::format(R"(<svg viewBox="0 0 {0} {1}" width="{0}" height="{1}" )"
                     R"(role="img" aria-label="{2}">)"
                     "\n",
                     w, h, escape(title));
}

std::string text(double x, double y, const std::string& s, const char* anchor = "start",
                 const char* extra = "") {
  return fmt::format(R"(<text x="{}" y="{}" text-anchor="{}"{}>{}</text>)", coord(x), coord(y),
                     anchor, extra, escape(s));
}

/// Ticks for an axis: fixed ends keep the ticks inside them; free ends snap to the ticks.
std::pair<Ticks, std::pair<double, double>> axis_ticks(const Axis& a, double lo, double hi,
                                                       int target) {
  if (a.min) lo = *a.min;
  if (a.max) hi = *a.max;
  if (!(hi > lo)) hi = lo + (lo == 0 ? 1 : std::abs(lo));
  Ticks t = nice_ticks(lo, hi, target);
  const double eps = t.step * 1e-9;
  if (a.min || a.max) {
    std::erase_if(t.values,
                  [&](double v) { return (a.min && v < lo - eps) || (a.max && v > hi + eps); });
  }
  const double d0 = a.min ? lo : t.values.front();
  const double d1 = a.max ? hi : t.values.back();
  return {t, {d0, d1}};
}

std::string legend(const std::vector<std::pair<std::string, std::string>>& entries, double x,
                   bool dashed_last = false) {
  std::string out;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& [name, color] = entries[i];
    const bool dash = dashed_last && i + 1 == entries.size();
    out += fmt::format(R"(<line x1="{}" y1="12" x2="{}" y2="12" stroke="{}" stroke-width="3"{}/>)",
                       coord(x), coord(x + 16), color, dash ? R"( stroke-dasharray="4 3")" : "");
    out += text(x + 20, 16, name);
    x += 34 + kCharWidth * static_cast<double>(name.size());
  }
  return out;
}

std::string frame(const Scale& sx, const Scale& sy, const Ticks& xt, const Ticks& yt,
                  const Axis& xa, const Axis& ya, int w, int h) {
  std::string out = R"(<g class="axis">)";
  for (double v : yt.values) {
    out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/>)", coord(kLeft),
                       coord(sy(v)), coord(w - kRight), coord(sy(v)));
    out += text(kLeft - 6, sy(v) + 4, tick_label(v, yt.step), "end");
  }
  for (double v : xt.values) {
    out += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="tick"/>)", coord(sx(v)),
                       coord(h - kBottom), coord(h - kBottom + 4));
    out += text(sx(v), h - kBottom + 16, tick_label(v, xt.step), "middle");
  }
  out += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="baseline"/>)",
                     coord(kLeft), coord(h - kBottom), coord(w - kRight));
  out += text((kLeft + w - kRight) / 2, h - 6, xa.label, "middle", R"( class="label")");
  out += fmt::format(
      R"svg(<text transform="translate(13 {}) rotate(-90)" text-anchor="middle" class="label">{}</text>)svg",
      coord((kTop + h - kBottom) / 2), escape(ya.label));
  return out + "</g>\n";
}

}  // namespace

std::string escape(std::string_view s) {
  std::string r;
  r.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        r += "&amp;";
        break;
      case '<':
        r += "&lt;";
        break;
      case '>':
        r += "&gt;";
        break;
      case '"':
        r += "&quot;";
        break;
      case '\'':
        r += "&#39;";
        break;
      default:
        r += c;
    }
  }
  return r;
}

std::string coord(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

double Scale::operator()(double v) const {
  if (d1 == d0) return (r0 + r1) / 2;
  return r0 + (v - d0) / (d1 - d0) * (r1 - r0);
}

Ticks nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) hi = lo + (lo == 0 ? 1 : std::abs(lo) * 0.1);
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  Ticks t;
  t.step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const double first = std::floor(lo / t.step + 1e-9);
  const double last = std::ceil(hi / t.step - 1e-9);
  for (double k = first; k <= last; k += 1) {
    double v = k * t.step;
    t.values.push_back(std::abs(v) < t.step * 1e-9 ? 0.0 : v);
  }
  return t;
}

std::string tick_label(double v, double step) {
  int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  std::string s = fmt::format("{:.{}f}", v + 0.0, std::clamp(decimals, 0, 9));
  return s == "-0" ? "0" : s;
}

TimeUnit time_unit_for(double span_s) {
  if (span_s <= 180) return {1, "s"};
  if (span_s <= 3 * 3600) return {60, "min"};
  if (span_s <= 3 * 86400) return {3600, "h"};
  return {86400, "d"};
}

/// Vertical event lines from y0 to y1 (SVG y), each with a hover title.
std::string time_marks(const std::vector<TimeMark>& marks, const Scale& sx, double y0, double y1) {
  std::string out;
  for (const auto& m : marks) {
    if (m.x < std::min(sx.d0, sx.d1) || m.x > std::max(sx.d0, sx.d1)) continue;
    out += fmt::format(
        R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="1.5"{4}><title>{5}</title></line>)",
        coord(sx(m.x)), coord(y0), coord(y1), m.color,
        m.dashed ? R"( stroke-dasharray="3 2")" : "", escape(m.title));
  }
  return out.empty() ? out : out + "\n";
}

std::string render(const LineChart& c) {
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  for (const auto& s : c.series)
    for (size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      xlo = std::min(xlo, s.x[i]), xhi = std::max(xhi, s.x[i]);
      ylo = std::min(ylo, s.y[i]), yhi = std::max(yhi, s.y[i]);
    }
  for (const auto& m : c.markers) ylo = std::min(ylo, m.y), yhi = std::max(yhi, m.y);
  if (!std::isfinite(xlo)) xlo = 0, xhi = 1, ylo = 0, yhi = 1;
  auto [xt, xd] = axis_ticks(c.x, xlo, xhi, std::max(2, (c.width - 140) / 90));
  auto [yt, yd] = axis_ticks(c.y, ylo, yhi, 5);
  const Scale sx{xd.first, xd.second, kLeft, c.width - kRight};
  const Scale sy{yd.first, yd.second, c.height - kBottom, kTop};
  std::string out = svg_open(c.width, c.height, c.title);
  out += frame(sx, sy, xt, yt, c.x, c.y, c.width, c.height);
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& s : c.series) {
    const size_t n = std::min(s.x.size(), s.y.size());
    if (n == 0) continue;
    names.emplace_back(s.name, s.color);
    std::string d = fmt::format("M{} {}", coord(sx(s.x[0])), coord(sy(s.y[0])));
    for (size_t i = 1; i < n; ++i) {
      if (s.style == Series::Style::step)
        d += fmt::format("H{}V{}", coord(sx(s.x[i])), coord(sy(s.y[i])));
      else
        d += fmt::format("L{} {}", coord(sx(s.x[i])), coord(sy(s.y[i])));
    }
    if (s.area)
      out += fmt::format(R"(<path d="{}V{}H{}Z" fill="{}" fill-opacity="0.15" stroke="none"/>)", d,
                         coord(sy(std::max(yd.first, 0.0))), coord(sx(s.x[0])), s.color);
    out += fmt::format(
        R"(<path d="{}" fill="none" stroke="{}" stroke-width="1.8"{}><title>{}</title></path>)", d,
        s.color, s.dashed ? R"( stroke-dasharray="5 3")" : "", escape(s.name));
    out += "\n";
  }
  out += time_marks(c.time_marks, sx, kTop, c.height - kBottom);
  for (const auto& m : c.markers) {
    out += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="marker"/>)",
                       coord(kLeft), coord(sy(m.y)), coord(c.width - kRight));
    out += text(c.width - kRight + 4, sy(m.y) + 4, m.label);
  }
  out += legend(names, kLeft);
  return out + "</svg>\n";
}

std::string render(const BarChart& c) {
  double hi = 0;
  for (const auto& g : c.groups)
    for (double v : g.values) hi = std::max(hi, v);
  for (const auto& t : c.targets)
    if (t) hi = std::max(hi, *t);
  Axis ya = c.y;
  if (!ya.min) ya.min = 0;
  auto [yt, yd] = axis_ticks(ya, 0, hi, 5);
  const double plot_w = c.width - kLeft - kRight;
  const size_t n = std::max<size_t>(1, c.categories.size());
  const double band = plot_w / static_cast<double>(n);
  const double bar = band * 0.8 / static_cast<double>(std::max<size_t>(1, c.groups.size()));
  const Scale sy{yd.first, yd.second, c.height - kBottom, kTop};
  std::string out = svg_open(c.width, c.height, c.title);
  out += R"(<g class="axis">)";
  for (double v : yt.values) {
    out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/>)", coord(kLeft),
                       coord(sy(v)), coord(c.width - kRight), coord(sy(v)));
    out += text(kLeft - 6, sy(v) + 4, tick_label(v, yt.step), "end");
  }
  out += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="baseline"/>)",
                     coord(kLeft), coord(sy(yd.first)), coord(c.width - kRight));
  out += fmt::format(
      R"svg(<text transform="translate(13 {}) rotate(-90)" text-anchor="middle" class="label">{}</text>)svg",
      coord((kTop + c.height - kBottom) / 2), escape(ya.label));
  out += "</g>\n";
  const auto max_chars = static_cast<size_t>(std::max(3.0, band / kCharWidth));
  for (size_t i = 0; i < c.categories.size(); ++i) {
    const double x0 = kLeft + band * static_cast<double>(i) + band * 0.1;
    for (size_t g = 0; g < c.groups.size(); ++g) {
      if (i >= c.groups[g].values.size()) continue;
      const double v = c.groups[g].values[i];
      const double x = x0 + bar * static_cast<double>(g);
      const double top = sy(std::clamp(v, yd.first, yd.second));
      out += fmt::format(
          R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {} {}</title></rect>)",
          coord(x), coord(top), coord(std::max(1.0, bar - 1)), coord(sy(yd.first) - top),
          c.groups[g].color, escape(c.categories[i]), escape(c.groups[g].name),
          fmt::format("{:.{}f}{}", v, c.value_decimals, c.value_suffix));
      if (bar >= 22)
        out += text(x + bar / 2, top - 3, fmt::format("{:.{}f}", v, c.value_decimals), "middle",
                    R"( class="value")");
    }
    if (i < c.targets.size() && c.targets[i])
      out +=
          fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" class="target"/>)",
                      coord(x0 - band * 0.05), coord(sy(*c.targets[i])), coord(x0 + band * 0.85));
    std::string label = c.categories[i];
    if (label.size() > max_chars) label = label.substr(0, max_chars - 1) + "…";
    out += text(x0 + band * 0.4, c.height - kBottom + 16, label, "middle");
  }
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& g : c.groups) names.emplace_back(g.name, g.color);
  bool any_target =
      std::any_of(c.targets.begin(), c.targets.end(), [](auto& t) { return t.has_value(); });
  if (any_target) names.emplace_back("target", "#000000");
  // One unnamed series needs no legend: the axis label says what the bars are.
  if (names.size() > 1) out += legend(names, kLeft, any_target);
  return out + "</svg>\n";
}

std::string ramp(double v) {
  // Viridis, reversed so that "more" is darker (and still ordered when printed in grey).
  static constexpr std::array<std::array<int, 3>, 5> stops = {{{0xfd, 0xe7, 0x25},
                                                               {0x5e, 0xc9, 0x62},
                                                               {0x21, 0x91, 0x8c},
                                                               {0x3b, 0x52, 0x8b},
                                                               {0x44, 0x01, 0x54}}};
  if (!(v > 0)) return "#eeeeee";
  v = std::min(v, 1.0) * 4;
  const auto i = std::min<size_t>(3, static_cast<size_t>(v));
  const double f = v - static_cast<double>(i);
  auto mix = [&](int k) {
    return static_cast<int>(std::lround(stops[i][k] + f * (stops[i + 1][k] - stops[i][k])));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(0), mix(1), mix(2));
}

std::string render(const HeatStrip& c) {
  constexpr double left = 150, right = 170, top = 34, heading = 18, axis = 40;
  double h = top + axis;
  std::string last_group = "\x01";
  for (const auto& r : c.rows) {
    if (r.group != last_group) h += heading, last_group = r.group;
    h += c.row_height;
  }
  const int height = static_cast<int>(std::ceil(h));
  std::string out = svg_open(c.width, height, c.title);
  // Legend: the ramp in ten steps.
  out += text(left, 16, c.legend, "start");
  const double lx = left + kCharWidth * static_cast<double>(c.legend.size()) + 12;
  for (int i = 0; i <= 10; ++i)
    out += fmt::format(R"(<rect x="{}" y="6" width="14" height="12" fill="{}"/>)",
                       coord(lx + 30 + i * 14), ramp(i / 10.0));
  out += text(lx + 26, 16, "0%", "end") + text(lx + 30 + 11 * 14 + 4, 16, "100%");
  const Scale sx{c.x0, c.x1, left, c.width - right};
  double y = top;
  last_group = "\x01";
  for (const auto& r : c.rows) {
    if (r.group != last_group) {
      out += text(4, y + 13, r.group, "start", R"( class="group")");
      y += heading;
      last_group = r.group;
    }
    out += text(left - 6, y + c.row_height - 2.5, r.label, "end", R"( class="small")");
    const double cw =
        (c.width - left - right) / static_cast<double>(std::max<size_t>(1, r.cells.size()));
    for (size_t i = 0; i < r.cells.size(); ++i)
      out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)",
                         coord(left + cw * static_cast<double>(i)), coord(y), coord(cw + 0.3),
                         coord(c.row_height - 1), ramp(r.cells[i]));
    out += text(c.width - right + 6, y + c.row_height - 2.5, r.note, "start", R"( class="small")");
    out += "\n";
    y += c.row_height;
  }
  out += time_marks(c.time_marks, sx, top, y);
  const Ticks t = nice_ticks(c.x0, c.x1, std::max(2, (c.width - 320) / 90));
  for (double v : t.values) {
    if (v < c.x0 - t.step * 1e-9 || v > c.x1 + t.step * 1e-9) continue;
    out += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" class="tick"/>)", coord(sx(v)),
                       coord(y), coord(y + 4));
    out += text(sx(v), y + 16, tick_label(v, t.step), "middle");
  }
  out += text((left + c.width - right) / 2, y + 34, c.x_label, "middle", R"( class="label")");
  return out + "</svg>\n";
}

std::pair<std::vector<double>, std::vector<double>> cdf(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::vector<double> x, y;
  if (values.empty()) return {x, y};
  const auto n = static_cast<double>(values.size());
  x.push_back(values.front());
  y.push_back(0);
  for (size_t i = 0; i < values.size(); ++i) {
    x.push_back(values[i]);
    y.push_back(static_cast<double>(i + 1) / n);
  }
  return {x, y};
}

std::pair<std::vector<double>, std::vector<double>> resample_step(const std::vector<double>& x,
                                                                  const std::vector<double>& y,
                                                                  double x0, double x_end,
                                                                  int bins) {
  std::vector<double> bx, by;
  if (bins <= 0 || !(x_end > x0) || x.empty()) return {bx, by};
  const double w = (x_end - x0) / bins;
  std::vector<double> sum(static_cast<size_t>(bins), 0.0);
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    double a = std::max(x[i], x0);
    const double b = std::min(i + 1 < x.size() ? x[i + 1] : x_end, x_end);
    if (!(a < b)) continue;
    auto k = std::min<size_t>(static_cast<size_t>((a - x0) / w), sum.size() - 1);
    while (a < b) {
      // The last bin takes whatever rounding leaves past its nominal end.
      const double bin_end =
          k + 1 == sum.size() ? b : std::min(b, x0 + w * static_cast<double>(k + 1));
      if (bin_end > a) sum[k] += y[i] * (bin_end - a), a = bin_end;
      if (k + 1 == sum.size()) break;
      ++k;
    }
  }
  for (size_t k = 0; k < sum.size(); ++k) {
    bx.push_back(x0 + w * static_cast<double>(k));
    by.push_back(sum[k] / w);
  }
  bx.push_back(x_end);
  by.push_back(by.back());
  return {bx, by};
}

}  // namespace vgpusim::svg
