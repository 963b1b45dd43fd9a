#include <fmt/format.h>

#include <charconv>

#include "vgpusim/compare/summary_file.hpp"
#include "vgpusim/sweep/sweep.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim {

std::vector<std::string> SweepPoint::sets() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : values) out.push_back(k + "=" + v);
  return out;
}

std::vector<std::string> SweepPlan::sets_of(const SweepPoint& p) const {
  std::vector<std::string> out = fixed;
  for (const auto& [k, v] : p.values) {
    if (cases.empty() || k != kSweepCaseKey) {
      out.push_back(k + "=" + v);
      continue;
    }
    for (const SweepCase& c : cases)
      if (c.name == v) out.insert(out.end(), c.sets.begin(), c.sets.end());
  }
  return out;
}

SweepPlan expand_sweep(const SweepSpec& s) {
  SweepPlan plan;
  plan.fixed = s.fixed;
  plan.cases = s.cases;
  size_t n = 1;
  for (const auto& a : s.vary) n *= a.values.size();
  for (size_t i = 0; i < n; ++i) {
    SweepPoint p;
    p.index = static_cast<int>(i);
    p.id = fmt::format("p{:03}", i);
    // Mixed radix, the last axis fastest, so that the table reads like nested loops.
    size_t rest = i, stride = n;
    for (const auto& a : s.vary) {
      stride /= a.values.size();
      p.values.emplace_back(a.key, a.values[rest / stride]);
      rest %= stride;
    }
    plan.points.push_back(std::move(p));
  }
  for (const SweepPoint& p : plan.points) {
    if (s.seeds.empty()) {
      plan.runs.push_back({static_cast<int>(plan.runs.size()), p.index, false, 0, "runs/" + p.id});
      continue;
    }
    for (uint64_t seed : s.seeds)
      plan.runs.push_back({static_cast<int>(plan.runs.size()), p.index, true, seed,
                           fmt::format("runs/{}-s{}", p.id, seed)});
  }
  return plan;
}

Shard parse_shard(const std::string& text) {
  auto bad = [&]() {
    throw InputError(fmt::format(
        "--shard: '{}' is not a shard; write I/N with 1 <= I <= N, e.g. --shard 2/8", text));
  };
  const auto slash = text.find('/');
  if (slash == std::string::npos) bad();
  Shard s;
  auto num = [&](std::string_view v, int& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size()) bad();
  };
  num(std::string_view(text).substr(0, slash), s.index);
  num(std::string_view(text).substr(slash + 1), s.count);
  if (s.count < 1 || s.index < 1 || s.index > s.count) bad();
  return s;
}

const std::vector<std::string>& default_sweep_metrics() {
  static const std::vector<std::string> m = {"jobs.done",
                                             "stuck.count",
                                             "makespan_s",
                                             "jct_s.mean",
                                             "jct_s.p95",
                                             "queue_delay_s.mean",
                                             "gpus.allocation_mean",
                                             "gpus.utilisation_mean",
                                             "gpus.fragmentation_mean",
                                             "services_slo.attainment",
                                             "migration.count",
                                             "migration.downtime_s",
                                             "energy.total_kwh",
                                             "cost.total_usd",
                                             "packing.allocated_pct_at_100",
                                             "packing.allocated_pct_final"};
  return m;
}

// The same reading of summary.json as `vgpusim compare`, so that both agree on what a
// metric path means.
std::map<std::string, double> summary_numbers(const std::string& text, const std::string& file) {
  const compare::SummaryFile f = compare::parse_summary(text, file);
  std::map<std::string, double> out;
  for (const auto& path : f.numeric_paths()) out[path] = *compare::number_of(f.find(path));
  return out;
}

}  // namespace vgpusim
