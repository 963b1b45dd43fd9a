#include "report_charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

#include "vgpusim/output/svg_chart.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim::report {
namespace {

using svg::Series;

// Timelines longer than this are drawn as bin means (one row per change can reach
// millions of rows; a 1000 px chart shows no more than this anyway).
constexpr size_t kMaxStepPoints = 2000;
constexpr int kResampleBins = 800;
constexpr size_t kMaxHeatRows = 160;
constexpr size_t kMaxEnergyBars = 12;

struct TimeAxis {
  svg::TimeUnit unit;
  std::string label;
};
TimeAxis time_axis(double span) {
  TimeAxis a{svg::time_unit_for(span), ""};
  a.label = fmt::format("simulated time ({})", a.unit.name);
  return a;
}

double run_end(const ReportData& d) {
  return std::max(d.end_time, d.timeline.empty() ? 0.0 : d.timeline.back().time);
}

/// One timeline signal as a step series in time units; bin means when the timeline is long.
Series timeline_series(const ReportData& d, double (*pick)(const ReportData::Point&, size_t),
                       size_t arg, double scale, const TimeAxis& ta) {
  Series s;
  s.style = Series::Style::step;
  std::vector<double> t, y;
  for (const auto& p : d.timeline) t.push_back(p.time), y.push_back(pick(p, arg) * scale);
  const double end = run_end(d);
  if (t.size() > kMaxStepPoints) {
    std::tie(t, y) = svg::resample_step(t, y, 0, end, kResampleBins);
  } else if (!t.empty() && t.back() < end) {
    t.push_back(end), y.push_back(y.back());
  }
  for (double& v : t) v /= ta.unit.seconds;
  s.x = std::move(t), s.y = std::move(y);
  return s;
}

std::string resample_note(const ReportData& d, const TimeAxis& ta) {
  if (d.timeline.size() <= kMaxStepPoints) return "";
  return fmt::format(" The timeline has {} rows: drawn as means over {} bins of {:.3g} {}.",
                     d.timeline.size(), kResampleBins, run_end(d) / kResampleBins / ta.unit.seconds,
                     ta.unit.name);
}

std::string pct_label(double v) {
  return fmt::format("{:.0f}%", 100 * v);
}

}  // namespace

std::string section(const std::string& title, const std::string& note, const std::string& body) {
  return fmt::format("<section>\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n{}</section>\n",
                     svg::escape(title), note, body);
}

std::string percent(double fraction) {
  return fmt::format("{:.1f} %", 100 * fraction);
}

std::string duration(double seconds) {
  if (!(seconds >= 0)) return "-";
  return seconds == 0 ? "0 s" : format_duration(seconds);
}

std::string allocation_section(const ReportData& d) {
  if (d.timeline.empty()) return "";
  const TimeAxis ta = time_axis(run_end(d));
  const double total = std::max<double>(1, static_cast<double>(d.total_gpus));
  svg::LineChart c;
  c.title = "GPU allocation and utilisation over time";
  c.width = 1000, c.height = 300;
  c.x = {ta.label, 0.0, run_end(d) / ta.unit.seconds};
  c.y = {fmt::format("% of the {} GPUs", d.total_gpus), 0.0, 100.0};
  Series a = timeline_series(
      d, [](const auto& p, size_t) { return p.allocated; }, 0, 100 / total, ta);
  a.name = "allocated", a.color = svg::palette(0), a.area = true;
  Series b = timeline_series(
      d, [](const auto& p, size_t) { return p.busy; }, 0, 100 / total, ta);
  b.name = "busy (utilisation)", b.color = svg::palette(1);
  c.series = {a, b};
  c.time_marks = event_marks(d, run_end(d), ta.unit.seconds);
  if (std::any_of(d.timeline.begin(), d.timeline.end(),
                  [](const auto& p) { return p.fragmented > 0; })) {
    Series f = timeline_series(
        d, [](const auto& p, size_t) { return p.fragmented; }, 0, 100 / total, ta);
    f.name = "fragmented (free, unusable)", f.color = svg::palette(3), f.dashed = true;
    c.series.push_back(f);
  }
  std::string body = "<figure>" + svg::render(c) + "</figure>\n";
  // Beyond the palette's colours a per-pool chart is unreadable: timeline.csv has them all.
  if (d.pools.size() >= 2 && d.pools.size() < svg::kPalette.size()) {
    svg::LineChart p;
    p.title = "Allocation per pool";
    p.width = 1000, p.height = 240;
    p.x = c.x;
    p.y = {"% of the pool's GPUs", 0.0, 100.0};
    for (size_t i = 0; i < d.pools.size(); ++i) {
      Series s = timeline_series(
          d, [](const auto& pt, size_t k) { return pt.pool_allocation[k]; }, i, 100, ta);
      s.name = d.pools[i], s.color = svg::palette(i);
      p.series.push_back(s);
    }
    body += "<figure>" + svg::render(p) + "</figure>\n";
  }
  return section(
      "GPU allocation and utilisation",
      fmt::format(
          "Allocated: GPU capacity held by placed stages (a vGPU, MIG slice or milli-GPU share "
          "counts as its fraction of a GPU). Busy: compute actually in use. Mean allocation "
          "<b>{}</b> (peak {}), mean utilisation <b>{}</b>.{}{}{}",
          percent(d.allocation_mean), percent(d.allocation_peak), percent(d.utilisation_mean),
          resample_note(d, ta), events_legend(d),
          d.pools.size() >= svg::kPalette.size()
              ? fmt::format(" The {} pools are too many to draw apart: timeline.csv has each "
                            "pool's allocation.",
                            d.pools.size())
              : ""),
      body);
}

std::string queue_section(const ReportData& d) {
  if (d.timeline.empty()) return "";
  const TimeAxis ta = time_axis(run_end(d));
  svg::LineChart c;
  c.title = "Queue length and running stages over time";
  c.width = 1000, c.height = 240;
  c.x = {ta.label, 0.0, run_end(d) / ta.unit.seconds};
  c.y = {"stages", 0.0, std::nullopt};
  Series q = timeline_series(
      d, [](const auto& p, size_t) { return p.queue; }, 0, 1, ta);
  q.name = "waiting in the queue", q.color = svg::palette(3), q.area = true;
  Series r = timeline_series(
      d, [](const auto& p, size_t) { return p.running; }, 0, 1, ta);
  r.name = "running", r.color = svg::palette(0);
  c.series = {q, r};
  return section(
      "Queue",
      fmt::format("Stages ready but not placed, and stages holding GPUs. Queueing delay per "
                  "stage: mean <b>{}</b>, p95 <b>{}</b>.{}",
                  duration(d.queue_mean), duration(d.queue_p95), resample_note(d, ta)),
      "<figure>" + svg::render(c) + "</figure>\n");
}

std::string jct_section(const ReportData& d) {
  std::map<std::string, std::vector<double>> by_workflow;
  std::vector<double> all;
  for (const auto& j : d.jobs)
    if (j.status == "done" && j.jct >= 0)
      by_workflow[j.workflow].push_back(j.jct), all.push_back(j.jct);
  if (all.empty()) return section("Job completion time", "No job finished in this run.", "");
  const double max_jct = *std::max_element(all.begin(), all.end());
  const svg::TimeUnit u = svg::time_unit_for(max_jct);
  svg::LineChart c;
  c.title = "Job completion time CDF";
  c.width = 1000, c.height = 280;
  c.x = {fmt::format("job completion time: submit to end ({})", u.name), 0.0, std::nullopt};
  c.y = {"% of finished jobs", 0.0, 100.0};
  auto add = [&](const std::string& name, const std::vector<double>& v, const char* color,
                 bool dashed) {
    auto [x, y] = svg::cdf(v);
    for (double& e : x) e /= u.seconds;
    for (double& e : y) e *= 100;
    Series s{fmt::format("{} ({})", name, v.size()), color, std::move(x), std::move(y),
             Series::Style::step};
    s.dashed = dashed;
    c.series.push_back(std::move(s));
  };
  add("all jobs", all, "#000000", false);
  if (by_workflow.size() >= 2 && by_workflow.size() <= 6) {
    size_t i = 0;
    for (const auto& [name, v] : by_workflow) add(name, v, svg::palette(i++), true);
  }
  c.markers = {{50, "p50"}, {95, "p95"}};
  return section(
      "Job completion time",
      fmt::format("Cumulative distribution over the {} finished jobs (of {} submitted): mean "
                  "<b>{}</b>, p50 <b>{}</b>, p95 <b>{}</b>, p99 {}; makespan {}.",
                  d.jobs_done, d.jobs_submitted, duration(d.jct_mean), duration(d.jct_p50),
                  duration(d.jct_p95), duration(d.jct_p99), duration(d.makespan)),
      "<figure>" + svg::render(c) + "</figure>\n");
}

std::string occupancy_section(const ReportData& d) {
  if (d.gpus.empty()) return "";
  const double end = run_end(d);
  const int bins = 120;
  const double w = end > 0 ? end / bins : 1;
  std::map<int, size_t> row_of;
  for (size_t i = 0; i < d.gpus.size(); ++i) row_of[d.gpus[i].index] = i;
  std::vector<std::vector<double>> cells(d.gpus.size(), std::vector<double>(bins, 0.0));
  for (const auto& r : d.residencies) {
    auto it = row_of.find(r.gpu);
    if (it == row_of.end() || !(r.end > r.start)) continue;
    for (int k = std::max(0, static_cast<int>(r.start / w)); k < bins; ++k) {
      const double a = std::max(r.start, k * w), b = std::min(r.end, (k + 1) * w);
      if (b <= a) break;
      cells[it->second][k] += (b - a) / w;
    }
  }
  // One row per GPU, or per server, pool or board when there are too many rows to read.
  auto row_key = [&](const ReportData::Gpu& g, int level, std::map<std::string, int>& local) {
    switch (level) {
      case 0:
        return fmt::format("{}:{}", g.server, local[g.server]++);
      case 1:
        return g.server;
      case 2:
        return g.pool;
      default:
        return fmt::format("{} ({})", g.model, g.mode);
    }
  };
  int level = 0;
  for (; level < 3; ++level) {
    std::set<std::string> keys;
    std::map<std::string, int> local;
    for (const auto& g : d.gpus) keys.insert(row_key(g, level, local));
    if (keys.size() <= kMaxHeatRows) break;
  }
  svg::HeatStrip h;
  h.title = "Per-GPU occupancy over time";
  h.width = 1000;
  h.x0 = 0;
  const svg::TimeUnit u = svg::time_unit_for(end);
  h.x1 = end / u.seconds;
  h.x_label = fmt::format("simulated time ({})", u.name);
  h.time_marks = event_marks(d, end, u.seconds);
  h.legend = level == 0 ? "share of each time bin with a stage on the GPU:"
                        : "mean share of each time bin with a stage on a GPU:";
  std::map<std::string, int> local;
  std::map<std::string, size_t> key_row;
  std::vector<std::array<double, 3>> sums;  // GPUs, allocation, utilisation per row
  for (size_t i = 0; i < d.gpus.size(); ++i) {
    const auto& g = d.gpus[i];
    // Rows of a server or GPU sit under their pool; pools and boards under one heading.
    const std::string group = level <= 1   ? fmt::format("{} ({}, {})", g.pool, g.model, g.mode)
                              : level == 2 ? "pools"
                                           : "boards";
    const std::string key = row_key(g, level, local);
    auto [it, fresh] = key_row.try_emplace(group + "/" + key, h.rows.size());
    if (fresh) {
      h.rows.push_back({key, group, std::vector<double>(bins, 0.0), ""});
      sums.push_back({0, 0, 0});
    }
    auto& row = h.rows[it->second];
    for (int k = 0; k < bins; ++k) row.cells[k] += std::min(1.0, cells[i][k]);
    sums[it->second][0] += 1, sums[it->second][1] += g.allocation,
        sums[it->second][2] += g.utilisation;
  }
  for (size_t r = 0; r < h.rows.size(); ++r) {
    const double n = sums[r][0];
    for (double& c : h.rows[r].cells) c /= n;
    h.rows[r].note =
        fmt::format("alloc {} · util {}", pct_label(sums[r][1] / n), pct_label(sums[r][2] / n));
  }
  const size_t all_rows = h.rows.size();
  if (all_rows > kMaxHeatRows) h.rows.resize(kMaxHeatRows);
  static constexpr std::array<const char*, 4> kWhat = {
      "One row per GPU, grouped by pool", "One row per server (mean of its GPUs), grouped by pool",
      "One row per pool (mean of its GPUs)",
      "One row per GPU board and slicing mode (mean of its GPUs)"};
  return section(
      "Per-GPU occupancy",
      fmt::format("{}; each cell is a time bin of {}, shaded by the time stages held the GPU "
                  "(every placement interval, placements.csv: a migrated stage shows on its "
                  "source until the switch-over, then on its destination). Right: mean "
                  "allocation and utilisation over the run (gpus.csv).{}{}",
                  kWhat[static_cast<size_t>(level)], duration(w),
                  all_rows > h.rows.size()
                      ? fmt::format(" The first {} of {} rows are drawn.", h.rows.size(), all_rows)
                      : "",
                  events_legend(d)),
      "<figure>" + svg::render(h) + "</figure>\n");
}

std::string energy_section(const ReportData& d) {
  svg::BarChart e;
  e.title = "Energy per pool";
  e.width = 490, e.height = 260;
  e.y = {"energy (kWh)", 0.0, std::nullopt};
  e.groups = {{"energy", svg::palette(2), {}}};
  // Many pools (imported traces make one per node type) read better summed per GPU board.
  std::map<std::string, std::string> board_of;
  for (const auto& g : d.gpus) board_of.try_emplace(g.pool, g.model);
  const bool by_board = d.pool_kwh.size() > kMaxEnergyBars;
  std::map<std::string, double> per_board;
  for (const auto& [pool, kwh] : d.pool_kwh) {
    if (by_board) {
      auto it = board_of.find(pool);
      per_board[it == board_of.end() ? "other" : it->second] += kwh;
    } else {
      e.categories.push_back(pool), e.groups[0].values.push_back(kwh);
    }
  }
  for (const auto& [board, kwh] : per_board)
    e.categories.push_back(board), e.groups[0].values.push_back(kwh);
  if (by_board) e.title = "Energy per GPU board", e.y.label = "energy of the board's pools (kWh)";
  svg::BarChart c;
  c.title = "Cost";
  c.width = 490, c.height = 260;
  c.y = {"cost (USD)", 0.0, std::nullopt};
  // Unknown figures (a board without a list price) are left out, not drawn as $0.
  c.groups = {{"cost", svg::palette(0), {}}};
  for (auto [name, v] : {std::pair{"GPU list price", d.cost_gpu_usd},
                         {"licence", d.licence_model == "none" ? NAN : d.cost_licence_usd},
                         {"energy", d.cost_energy_usd},
                         {"total", d.cost_total_usd}})
    if (std::isfinite(v)) c.categories.push_back(name), c.groups[0].values.push_back(v);
  c.value_decimals = 0;
  return section(
      "Energy and cost",
      fmt::format(
          "Energy from SimGrid's host-energy plugin: <b>{:.1f} kWh</b> in all. Cost: GPU list "
          "price per hour x {:.1f} provisioned GPU-hours ({:.1f} busy), {}plus energy at "
          "${:.3f}/kWh.{}",
          d.energy_kwh, d.gpu_hours_provisioned, d.gpu_hours_busy,
          d.licence_model == "none"
              ? ""
              : fmt::format("the NVIDIA AI Enterprise licence ({}) per provisioned GPU, ",
                            d.licence_model),
          d.price_per_kwh,
          d.boards_without_price.empty()
              ? ""
              : " Some boards have no list price (catalog price_per_hour): the GPU price and "
                "the totals are unknown."),
      "<div class=\"row\"><figure>" + svg::render(e) + "</figure><figure>" + svg::render(c) +
          "</figure></div>\n");
}

}  // namespace vgpusim::report
