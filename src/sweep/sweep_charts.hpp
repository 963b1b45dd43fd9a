#pragma once
// The charts of sweep.html and plan.html (internal to src/sweep/): a metric across the
// points of a sweep as a dot (mean over seeds) with a whisker (lowest to highest seed), on
// an axis in the metric's unit (durations in s/min/h/d, fractions in %, money in USD) whose
// range is fitted to the values rather than started at 0, so that 93 vs 95 shows; and the
// plan's cost-versus-target scatter. Axis titles are horizontal, above the plot, so they
// never meet the tick labels.
#include <optional>
#include <string>
#include <vector>

namespace vgpusim::sweep_chart {

/// How a summary.json metric is shown: values are multiplied by `scale` and read in `unit`.
struct MetricUnit {
  enum class Kind { count, duration, percent, money, energy, other } kind = Kind::other;
  double scale = 1;
  std::string unit;  // "h", "%", "USD", "kWh", "" for counts
};
/// The unit of `metric` for values up to `max_abs` (durations pick s, min, h or d).
MetricUnit metric_unit(const std::string& metric, double max_abs);
/// "JCT p95" for "jct_s.p95": the metric in words (the key path when it has none).
std::string metric_title(const std::string& metric);
/// A value of `metric` as people read it ("2h 03m", "94.2 %", "$1,234.56", "1,024").
std::string human_value(const std::string& metric, double v);

/// One category of a dot-and-whisker chart.
struct Dot {
  std::string label;
  double mean = 0, min = 0, max = 0;
  int n = 0;             // seeds; whiskers only when n > 1 and min < max
  bool miss = false;     // drawn as a hollow vermillion square (misses a target)
  bool chosen = false;   // ringed
};

/// `metric` across the categories; `bound` draws a dashed target line with `bound_label`.
std::string dot_whisker(const std::string& metric, const std::vector<Dot>& dots,
                        std::optional<double> bound = std::nullopt,
                        const std::string& bound_label = "");

/// The plan's scatter: one dot per point at (cost, target value), a dashed line at the
/// target's bound, feasible points filled, the chosen one ringed and named.
struct ScatterPoint {
  std::string label;
  double x = 0, y = 0, y_min = 0, y_max = 0;
  bool feasible = false, chosen = false;
};
std::string cost_scatter(const std::string& cost_metric, const std::string& target_metric,
                         const std::vector<ScatterPoint>& points, std::optional<double> bound,
                         const std::string& bound_label);

}  // namespace vgpusim::sweep_chart
