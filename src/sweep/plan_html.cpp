// plan.html: the plan's own page (docs/planning.md): the answer, cost against the binding
// target, each point against each target (feasible or not, the chosen point highlighted).
// Self-contained like report.html and sweep.html.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sweep_charts.hpp"
#include "vgpusim/output/report_html.hpp"
#include "vgpusim/output/svg_chart.hpp"
#include "vgpusim/sweep/plan.hpp"

namespace vgpusim {
namespace {

using sweep_chart::human_value;

// A target at one point: its worst figure per run (the largest under a `max` bound, the
// smallest under a `min` one), summarised over the runs present.
struct TargetAtPoint {
  int n = 0;
  double mean = 0, min = 0, max = 0;
  bool meets = true;
  double worst() const { return n == 0 ? NAN : max; }
};

std::vector<std::vector<TargetAtPoint>> per_target(const PlanSpec& spec, const SweepPlan& plan,
                                                   const SweepTable& t) {
  std::vector<std::vector<TargetAtPoint>> out(spec.targets.size(),
                                              std::vector<TargetAtPoint>(plan.points.size()));
  for (const SweepRun& r : plan.runs) {
    const auto& nums = t.runs[static_cast<size_t>(r.index)];
    if (nums.empty()) continue;
    for (size_t k = 0; k < spec.targets.size(); ++k) {
      const PlanTarget& tg = spec.targets[k];
      TargetAtPoint& a = out[k][static_cast<size_t>(r.point)];
      const auto values = plan_target_values(nums, tg.metric);
      if (values.empty()) {
        a.meets = false;
        continue;
      }
      double worst = tg.max ? -INFINITY : INFINITY;
      for (const auto& [key, x] : values) {
        worst = tg.max ? std::max(worst, x) : std::min(worst, x);
        if ((tg.min && x < *tg.min) || (tg.max && x > *tg.max)) a.meets = false;
      }
      a.min = a.n == 0 ? worst : std::min(a.min, worst);
      a.max = a.n == 0 ? worst : std::max(a.max, worst);
      a.mean = (a.mean * a.n + worst) / (a.n + 1);
      ++a.n;
    }
  }
  return out;
}

double bound_of(const PlanTarget& t) {
  return t.max ? *t.max : t.min ? *t.min : 0;
}

// The target that keeps the plan from a cheaper point: the one missed by the most points
// cheaper than the chosen one (all points when none is chosen); on a tie, the one closest
// to its bound at the chosen point (relative slack of its worst seed).
size_t binding_target(const PlanSpec& spec, const std::vector<std::vector<TargetAtPoint>>& at,
                      const PlanResult& r) {
  const auto chosen = static_cast<size_t>(r.chosen);
  const double chosen_cost = r.chosen >= 0 ? *r.points[chosen].cost : INFINITY;
  size_t best = 0;
  std::pair<int, double> best_key{1, INFINITY};  // (-misses, slack), smallest wins
  for (size_t k = 0; k < spec.targets.size(); ++k) {
    const PlanTarget& t = spec.targets[k];
    int misses = 0;
    for (size_t i = 0; i < at[k].size(); ++i)
      if (!at[k][i].meets && (!r.points[i].cost || *r.points[i].cost <= chosen_cost)) ++misses;
    double slack = 0;
    if (r.chosen >= 0) {
      const TargetAtPoint& a = at[k][chosen];
      const double b = bound_of(t), scale = std::max(std::fabs(b), 1e-12);
      slack = t.max ? (b - a.max) / scale : (a.min - b) / scale;
    }
    const std::pair<int, double> key{-misses, slack};
    if (key < best_key) best_key = key, best = k;
  }
  return best;
}

std::string values_of(const SweepPoint& p) {
  std::string s;
  for (const auto& [k, v] : p.values) s += (s.empty() ? "" : ", ") + v;
  return s.empty() ? p.id : s;
}

std::string table(const PlanSpec& spec, const SweepPlan& plan, const PlanResult& r,
                  const std::vector<std::vector<TargetAtPoint>>& at) {
  std::string h = "<div class=\"wide\"><table class=\"data\">\n<tr><th>point</th>";
  for (const auto& a : spec.sweep.vary) h += "<th>" + svg::escape(a.key) + "</th>";
  h += "<th>" + svg::escape(spec.cost) + "</th>";
  for (const PlanTarget& t : spec.targets) h += "<th>" + svg::escape(t.text) + "</th>";
  h += "<th>verdict</th></tr>\n";
  for (const SweepPoint& p : plan.points) {
    const auto i = static_cast<size_t>(p.index);
    const PointVerdict& v = r.points[i];
    const bool chosen = r.chosen == p.index;
    h += chosen ? "<tr class=\"chosen\">" : "<tr>";
    h += fmt::format("<td>{}{}</td>", p.id, chosen ? " <b>chosen</b>" : "");
    for (const auto& [k, val] : p.values) h += "<td>" + svg::escape(val) + "</td>";
    h += "<td>" + (v.cost ? human_value(spec.cost, *v.cost) : std::string("-")) + "</td>";
    for (size_t k = 0; k < spec.targets.size(); ++k) {
      const TargetAtPoint& a = at[k][i];
      const PlanTarget& t = spec.targets[k];
      const double shown = t.max ? a.max : a.min;  // the worst seed
      h += fmt::format("<td{}>{} {}</td>", a.meets ? "" : " class=\"bad\"",
                       a.n ? human_value(t.metric, shown) : "-", a.meets ? "✓" : "✗");
    }
    h += v.feasible ? "<td>meets every target</td>"
                    : fmt::format("<td class=\"bad\">{}</td>",
                                  svg::escape(v.misses.empty() ? "no run" : v.misses.front()));
    h += "</tr>\n";
  }
  return h + "</table></div>\n";
}

}  // namespace

std::string plan_html(const PlanSpec& spec, const SweepPlan& plan, const SweepTable& t,
                      const PlanResult& r) {
  const auto at = per_target(spec, plan, t);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<title>vgpusim plan: {}</title>\n", svg::escape(spec.sweep.name));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format(
      "<style>{}.wide {{ overflow-x: auto; }} tr.chosen td {{ background: #fff1c1; font-weight: "
      "600; }}</style>\n</head>\n<body>\n",
      report_stylesheet());
  std::string targets;
  for (const PlanTarget& tg : spec.targets)
    targets += (targets.empty() ? "" : " · ") + svg::escape(tg.text);
  std::string answer = "No point meets every target at every seed.";
  if (r.chosen >= 0) {
    const SweepPoint& p = plan.points[static_cast<size_t>(r.chosen)];
    answer = fmt::format("Cheapest point meeting every target at every seed: <b>{}</b> ({}), {} "
                         "<b>{}</b>.",
                         p.id, svg::escape(values_of(p)), svg::escape(spec.cost),
                         human_value(spec.cost, *r.points[static_cast<size_t>(r.chosen)].cost));
  }
  out += fmt::format(
      "<header>\n<h1>{}</h1>\n<p class=\"meta\">plan over scenario <b>{}</b> · {} points · "
      "targets: {}</p>\n<p>{}</p>\n</header>\n",
      svg::escape(spec.sweep.name), svg::escape(spec.sweep.scenario), plan.points.size(),
      targets, answer);
  if (!spec.targets.empty()) {
    const size_t b = binding_target(spec, at, r);
    const PlanTarget& tg = spec.targets[b];
    std::vector<sweep_chart::ScatterPoint> pts;
    for (const SweepPoint& p : plan.points) {
      const auto i = static_cast<size_t>(p.index);
      const TargetAtPoint& a = at[b][i];
      if (!r.points[i].cost || a.n == 0) continue;
      pts.push_back({p.id, *r.points[i].cost, tg.max ? a.max : a.min, a.min, a.max,
                     r.points[i].feasible, r.chosen == p.index});
    }
    out += fmt::format(
        "<section>\n<h2>Cost against the binding target</h2>\n<p class=\"note\">Each point's "
        "cost (mean over seeds) against its worst seed on <code>{}</code>, the target {} "
        "(whiskers: lowest to highest seed). Filled dots meet every target; hollow squares miss "
        "at least one; the ring marks the chosen point.</p>\n<figure>{}</figure>\n</section>\n",
        svg::escape(tg.text),
        r.chosen >= 0 ? "that the most points cheaper than the chosen one miss"
                      : "that the most points miss",
        sweep_chart::cost_scatter(spec.cost, tg.metric, pts, bound_of(tg), tg.text));
  }
  out += "<section>\n<h2>Each point against each target</h2>\n<p class=\"note\">Each target's "
         "worst seed at each point (✓ met at every seed, ✗ missed); a point is feasible when "
         "all its runs are present and meet every target (docs/planning.md).</p>\n" +
         table(spec, plan, r, at) + "</section>\n";
  for (size_t k = 0; k < spec.targets.size(); ++k) {
    const PlanTarget& tg = spec.targets[k];
    std::vector<sweep_chart::Dot> dots;
    for (const SweepPoint& p : plan.points) {
      const TargetAtPoint& a = at[k][static_cast<size_t>(p.index)];
      if (a.n == 0) continue;
      dots.push_back({p.id + " " + values_of(p), a.mean, a.min, a.max, a.n, !a.meets,
                      r.chosen == p.index});
    }
    out += fmt::format(
        "<section>\n<h2>{}</h2>\n<p class=\"note\">Per point, the target's figure (mean over "
        "seeds, whisker lowest to highest seed) against its bound (dashed); hollow squares miss "
        "it at some seed.</p>\n<figure>{}</figure>\n</section>\n",
        svg::escape(tg.text), sweep_chart::dot_whisker(tg.metric, dots, bound_of(tg), tg.text));
  }
  out += fmt::format("<footer>vgpusim {} · vgpusim plan {} · plan.json and sweep.html hold the "
                     "same runs</footer>\n",
                     VGPUSIM_VERSION, svg::escape(spec.sweep.file));
  return out + "</body>\n</html>\n";
}

}  // namespace vgpusim
