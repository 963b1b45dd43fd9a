#pragma once
// Capacity planning (SPEC 5): a plan is a sweep over a search space (fleet sizes, GPU
// models, slicing modes, policies) judged against targets; the answer is the cheapest point
// that meets every target at every seed, with the evidence. Engine-free.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/sweep/sweep.hpp"

namespace vgpusim {

struct PlanTarget {
  std::string metric;              // summary.json key path; "[*]" stands for every element
  std::optional<double> min, max;  // in summary.json's units (s, fractions, USD, kWh)
  std::string text;                // as written: "jct_s.p95 <= 8h"
  bool duration = false;           // a bound was written as a duration: show times as such
};

struct PlanSpec {
  SweepSpec sweep;  // the search space: `vary` and `seeds` as in a sweep file
  std::vector<PlanTarget> targets;
  std::string cost = "cost.total_usd";  // what "cheapest" minimises (mean over seeds)
};

/// Throws InputError with every problem of the file, located.
PlanSpec load_plan(const std::string& path);

struct PointVerdict {
  bool feasible = false;
  std::vector<std::string> misses;  // why not, e.g. "jct_s.p95 = 9.10h > 8h (seed 2)"
  std::optional<double> cost;       // mean over the runs present
};

struct PlanResult {
  std::vector<PointVerdict> points;  // by point index
  int chosen = -1;                   // the cheapest feasible point; -1: none
};

/// A point is feasible when all its runs are present and every target holds in each of
/// them; ties in cost go to the earlier point of the grid.
PlanResult evaluate_plan(const PlanSpec& spec, const SweepPlan& plan, const SweepTable& table);

/// A run's figures a target speaks of: its metric, or every element for "[*]".
std::vector<std::pair<std::string, double>> plan_target_values(
    const std::map<std::string, double>& nums, const std::string& metric);

/// plan.html: the answer, cost against the binding target, each point against each target
/// (plan_html.cpp).
std::string plan_html(const PlanSpec& spec, const SweepPlan& plan, const SweepTable& t,
                      const PlanResult& r);

/// plan.json: the targets, the chosen point and every point's verdict.
std::string plan_json(const PlanSpec& spec, const SweepPlan& plan, const PlanResult& r);
/// The evidence as printed: the answer, then one line per point.
std::string plan_text(const PlanSpec& spec, const SweepPlan& plan, const PlanResult& r);

}  // namespace vgpusim
