#include <fmt/format.h>

#include <regex>

#include "vgpusim/sweep/plan.hpp"
#include "vgpusim/util/json_writer.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim {

std::vector<std::pair<std::string, double>> plan_target_values(const std::map<std::string, double>& nums,
                                                     const std::string& metric) {
  std::vector<std::pair<std::string, double>> out;
  const auto star = metric.find("[*]");
  if (star == std::string::npos) {
    if (auto it = nums.find(metric); it != nums.end()) out.emplace_back(*it);
    return out;
  }
  std::string pattern;
  for (char c : metric)
    pattern += std::string(std::isalnum(static_cast<unsigned char>(c)) ? "" : "\\") + c;
  pattern = std::regex_replace(pattern, std::regex(R"(\\\[\\\*\\\])"), R"(\[[0-9]+\])");
  const std::regex re(pattern);
  for (const auto& kv : nums)
    if (std::regex_match(kv.first, re)) out.emplace_back(kv);
  return out;
}

namespace {

std::string seed_of(const SweepRun& r) {
  return r.has_seed ? fmt::format(" (seed {})", r.seed) : "";
}

void judge_run(const PlanSpec& spec, const SweepRun& r, const std::map<std::string, double>& nums,
               PointVerdict& v) {
  // A fleet on which work gets stuck (it can never be placed) meets no target, whatever the
  // figures of the jobs that did finish say.
  if (auto it = nums.find("stuck.count"); it != nums.end() && it->second > 0)
    v.misses.push_back(
        fmt::format("stuck.count = {:.0f}: work could never progress{}", it->second, seed_of(r)));
  for (const PlanTarget& t : spec.targets) {
    const auto values = plan_target_values(nums, t.metric);
    if (values.empty()) {
      v.misses.push_back(fmt::format("{}: not in the run's summary{}", t.metric, seed_of(r)));
      continue;
    }
    auto show = [&](double x) {
      return t.duration ? format_duration(x) : fmt::format("{:.6g}", x);
    };
    for (const auto& [key, x] : values) {
      if (t.min && x < *t.min)
        v.misses.push_back(fmt::format("{} = {} < {}{}", key, show(x), show(*t.min), seed_of(r)));
      if (t.max && x > *t.max)
        v.misses.push_back(fmt::format("{} = {} > {}{}", key, show(x), show(*t.max), seed_of(r)));
    }
  }
}

}  // namespace

PlanResult evaluate_plan(const PlanSpec& spec, const SweepPlan& plan, const SweepTable& table) {
  PlanResult res;
  res.points.resize(plan.points.size());
  std::vector<int> runs(plan.points.size()), with_cost(plan.points.size());
  std::vector<double> cost_sum(plan.points.size());
  for (const SweepRun& r : plan.runs) {
    PointVerdict& v = res.points[static_cast<size_t>(r.point)];
    const auto& nums = table.runs[static_cast<size_t>(r.index)];
    if (nums.empty()) {
      v.misses.push_back(fmt::format("run {} missing or failed{}", r.dir, seed_of(r)));
      continue;
    }
    ++runs[static_cast<size_t>(r.point)];
    judge_run(spec, r, nums, v);
    if (auto it = nums.find(spec.cost); it != nums.end()) {
      cost_sum[static_cast<size_t>(r.point)] += it->second;
      ++with_cost[static_cast<size_t>(r.point)];
    } else {
      v.misses.push_back(
          fmt::format("cost '{}' not in the run's summary{}", spec.cost, seed_of(r)));
    }
  }
  for (size_t p = 0; p < res.points.size(); ++p) {
    PointVerdict& v = res.points[p];
    if (with_cost[p] > 0) v.cost = cost_sum[p] / with_cost[p];
    v.feasible = v.misses.empty() && runs[p] > 0;
    if (v.feasible &&
        (res.chosen < 0 || *v.cost < *res.points[static_cast<size_t>(res.chosen)].cost))
      res.chosen = static_cast<int>(p);
  }
  return res;
}

std::string plan_json(const PlanSpec& spec, const SweepPlan& plan, const PlanResult& r) {
  JsonWriter w;
  w.begin_object().field("schema_version", 1).field("vgpusim_version", VGPUSIM_VERSION);
  w.field("name", spec.sweep.name).field("scenario", spec.sweep.scenario).field("cost", spec.cost);
  w.key("targets").begin_array();
  for (const PlanTarget& t : spec.targets) {
    w.begin_object().field("metric", t.metric);
    if (t.min) w.field("min", *t.min);
    if (t.max) w.field("max", *t.max);
    w.end_object();
  }
  w.end_array();
  w.key("chosen");
  if (r.chosen < 0)
    w.null();
  else
    w.value(plan.points[static_cast<size_t>(r.chosen)].id);
  w.key("points").begin_array();
  for (const SweepPoint& p : plan.points) {
    const PointVerdict& v = r.points[static_cast<size_t>(p.index)];
    w.begin_object().field("id", p.id);
    w.key("values").begin_object();
    for (const auto& [k, val] : p.values) w.field(k, val);
    w.end_object();
    w.field("feasible", v.feasible);
    w.key("cost");
    if (v.cost)
      w.value(*v.cost);
    else
      w.null();
    w.key("misses").begin_array();
    for (const auto& m : v.misses) w.value(m);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.str() + "\n";
}

std::string plan_text(const PlanSpec& spec, const SweepPlan& plan, const PlanResult& r) {
  auto values = [](const SweepPoint& p) {
    std::string s;
    for (const auto& [k, v] : p.values) s += (s.empty() ? "" : ", ") + k + "=" + v;
    return s.empty() ? std::string("the scenario as it is") : s;
  };
  std::string out;
  if (r.chosen < 0) {
    out += fmt::format("plan {}: no point meets every target\n", spec.sweep.name);
  } else {
    const SweepPoint& p = plan.points[static_cast<size_t>(r.chosen)];
    out += fmt::format("plan {}: cheapest point meeting every target: {} ({}), {} = {}\n",
                       spec.sweep.name, p.id, values(p), spec.cost,
                       format_metric(spec.cost, *r.points[static_cast<size_t>(r.chosen)].cost));
  }
  std::string targets;
  for (const PlanTarget& t : spec.targets) targets += (targets.empty() ? "" : "; ") + t.text;
  out += fmt::format("  targets: {}\n", targets);
  for (const SweepPoint& p : plan.points) {
    const PointVerdict& v = r.points[static_cast<size_t>(p.index)];
    const std::string cost = v.cost ? format_metric(spec.cost, *v.cost) : "-";
    out += fmt::format(
        "  {} {:<4} {} {} = {}{}\n",
        p.id == (r.chosen >= 0 ? plan.points[static_cast<size_t>(r.chosen)].id : "") ? "*" : " ",
        p.id, values(p), spec.cost, cost,
        v.feasible
            ? "  meets every target"
            : fmt::format(
                  "  misses: {}{}", v.misses.front(),
                  v.misses.size() > 1 ? fmt::format(" (+{} more)", v.misses.size() - 1) : ""));
  }
  return out;
}

}  // namespace vgpusim
