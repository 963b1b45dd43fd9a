#pragma once
// Small, dependency-free SVG chart primitives for report.html: linear scales with "nice"
// ticks, line / step / CDF charts, grouped bar charts and heat strips. Output is plain
// SVG text (no scripts, no external references), deterministic for the same input.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vgpusim::svg {

/// Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008), black last.
inline constexpr std::array<const char*, 8> kPalette = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                        "#CC79A7", "#56B4E9", "#F0E442", "#000000"};
inline const char* palette(size_t i) {
  return kPalette[i % (kPalette.size() - 1)];
}

/// XML-escapes text for element content and attribute values.
std::string escape(std::string_view s);
/// A coordinate with one decimal, trailing ".0" dropped ("12", "12.5", "-3").
std::string coord(double v);

/// Maps the domain [d0, d1] linearly onto the range [r0, r1]; a zero-width domain maps
/// everything to the middle of the range.
struct Scale {
  double d0 = 0, d1 = 1, r0 = 0, r1 = 1;
  double operator()(double v) const;
};

/// Evenly spaced ticks at a 1, 2 or 5 x 10^k step covering [lo, hi] with about `target`
/// intervals; the first and last ticks enclose the interval (so they make a tidy domain).
struct Ticks {
  std::vector<double> values;
  double step = 1;
};
Ticks nice_ticks(double lo, double hi, int target = 5);
/// A tick value with as many decimals as the step needs ("0.25", "1,500", "2").
std::string tick_label(double v, double step);

/// The unit a time axis spanning `span_s` seconds reads best in: s, min, h or d.
struct TimeUnit {
  double seconds = 1;
  const char* name = "s";
};
TimeUnit time_unit_for(double span_s);

struct Axis {
  std::string label;               // with its unit, e.g. "simulated time (h)"
  std::optional<double> min, max;  // fixed ends; otherwise nice ticks around the data
};

struct Series {
  enum class Style { line, step };
  std::string name;
  std::string color;
  std::vector<double> x, y;
  Style style = Style::line;
  bool dashed = false;
  bool area = false;  // fill down to the x axis (light)
};

/// A horizontal reference line (e.g. a target), labelled at the right end.
struct Marker {
  double y = 0;
  std::string label;
};

/// A vertical line at x (an event on a time axis), its title shown when hovered.
struct TimeMark {
  double x = 0;
  std::string color;
  bool dashed = false;
  std::string title;
};

struct LineChart {
  std::string title;  // for the accessible name (aria-label)
  int width = 640, height = 260;
  Axis x, y;
  std::vector<Series> series;
  std::vector<Marker> markers;
  std::vector<TimeMark> time_marks;  // drawn over the plot area
};
std::string render(const LineChart& c);

struct BarGroup {
  std::string name;  // legend entry
  std::string color;
  std::vector<double> values;  // one per category
};

struct BarChart {
  std::string title;
  int width = 640, height = 260;
  std::vector<std::string> categories;
  std::vector<BarGroup> groups;
  Axis y;
  std::vector<std::optional<double>> targets;  // per category: a dashed target tick
  std::string value_suffix;                    // printed after each bar's value
  int value_decimals = 1;
};
std::string render(const BarChart& c);

/// Rows of cells over a common x range (e.g. one row per GPU, one cell per time bin),
/// cell values in [0, 1] coloured on a sequential colour-blind-safe ramp.
struct HeatRow {
  std::string label;
  std::string group;  // rows of one group are drawn together under a group heading
  std::vector<double> cells;
  std::string note;  // printed right of the row
};
struct HeatStrip {
  std::string title;
  int width = 900;
  int row_height = 12;
  double x0 = 0, x1 = 1;  // the cells cover [x0, x1] evenly
  std::string x_label;
  std::string legend;  // what a cell's value means
  std::vector<HeatRow> rows;
  std::vector<TimeMark> time_marks;  // drawn over the rows
};
std::string render(const HeatStrip& c);

/// Colour of v in [0, 1] on a viridis-like ramp (perceptually ordered, colour-blind safe,
/// readable in grey when printed).
std::string ramp(double v);

/// Empirical CDF as step points: (x_i, i/n) for sorted x, starting at (x_0, 0).
std::pair<std::vector<double>, std::vector<double>> cdf(std::vector<double> values);

/// A piecewise-constant signal (value y[i] from x[i] to x[i+1]; the last until `x_end`)
/// averaged over `bins` equal bins of [x0, x_end]; returns bin starts and means. Used to
/// keep charts of long timelines small.
std::pair<std::vector<double>, std::vector<double>> resample_step(const std::vector<double>& x,
                                                                  const std::vector<double>& y,
                                                                  double x0, double x_end,
                                                                  int bins);

}  // namespace vgpusim::svg
