#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "vgpusim/sweep/sweep.hpp"
#include "vgpusim/util/csv_field.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {
namespace {

std::string num(double v) {
  return JsonWriter::format_number(v);
}

std::string seed_text(const SweepRun& r) {
  return r.has_seed ? std::to_string(r.seed) : "";
}

std::string header(const SweepSpec& spec, const std::string& lead) {
  std::string h = lead;
  for (const auto& a : spec.vary) h += "," + csv_field(a.key);
  return h;
}

std::string values(const SweepPoint& p) {
  std::string out;
  for (const auto& [k, v] : p.values) out += "," + csv_field(v);
  return out;
}

}  // namespace

SweepTable tabulate_sweep(const SweepSpec& spec, const SweepPlan& plan,
                          std::vector<std::map<std::string, double>> run_numbers) {
  SweepTable t;
  t.runs = std::move(run_numbers);
  t.runs.resize(plan.runs.size());
  if (!spec.metrics.empty()) {
    t.metrics = spec.metrics;
  } else {
    for (const auto& m : default_sweep_metrics())
      if (std::any_of(t.runs.begin(), t.runs.end(), [&](const auto& r) { return r.count(m); }))
        t.metrics.push_back(m);
  }
  t.points.resize(plan.points.size());
  for (const SweepRun& r : plan.runs) {
    const auto& nums = t.runs[static_cast<size_t>(r.index)];
    if (nums.empty()) continue;
    ++t.runs_present;
    for (const auto& m : t.metrics) {
      auto it = nums.find(m);
      if (it == nums.end()) continue;
      SweepTable::Stat& s = t.points[static_cast<size_t>(r.point)][m];
      s.min = s.n == 0 ? it->second : std::min(s.min, it->second);
      s.max = s.n == 0 ? it->second : std::max(s.max, it->second);
      s.mean += (it->second - s.mean) / ++s.n;
    }
  }
  return t;
}

std::string sweep_runs_csv(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t) {
  std::string out = header(spec, "run,point,seed,status");
  for (const auto& m : t.metrics) out += "," + csv_field(m);
  out += "\n";
  for (const SweepRun& r : plan.runs) {
    const auto& nums = t.runs[static_cast<size_t>(r.index)];
    const SweepPoint& p = plan.points[static_cast<size_t>(r.point)];
    out += fmt::format("{},{},{},{}{}", r.index, p.id, seed_text(r),
                       nums.empty() ? "missing" : "done", values(p));
    for (const auto& m : t.metrics) {
      auto it = nums.find(m);
      out += "," + (it == nums.end() ? std::string() : num(it->second));
    }
    out += "\n";
  }
  return out;
}

std::string sweep_points_csv(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t) {
  std::string out = header(spec, "point,runs");
  for (const auto& m : t.metrics)
    out += fmt::format(",{},{},{}", csv_field(m + ".mean"), csv_field(m + ".min"),
                       csv_field(m + ".max"));
  out += "\n";
  for (const SweepPoint& p : plan.points) {
    const auto& stats = t.points[static_cast<size_t>(p.index)];
    int n = 0;
    for (const SweepRun& r : plan.runs)
      if (r.point == p.index && !t.runs[static_cast<size_t>(r.index)].empty()) ++n;
    out += fmt::format("{},{}{}", p.id, n, values(p));
    for (const auto& m : t.metrics) {
      auto it = stats.find(m);
      if (it == stats.end())
        out += ",,,";
      else
        out += fmt::format(",{},{},{}", num(it->second.mean), num(it->second.min),
                           num(it->second.max));
    }
    out += "\n";
  }
  return out;
}

std::string sweep_json(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t) {
  JsonWriter w;
  w.begin_object();
  w.field("schema_version", 1).field("vgpusim_version", VGPUSIM_VERSION);
  w.field("name", spec.name).field("scenario", spec.scenario);
  w.key("vary").begin_object();
  for (const auto& a : spec.vary) {
    w.key(a.key).begin_array();
    for (const auto& v : a.values) w.value(v);
    w.end_array();
  }
  w.end_object();
  w.key("seeds").begin_array();
  for (uint64_t s : spec.seeds) w.value(s);
  w.end_array();
  w.key("metrics").begin_array();
  for (const auto& m : t.metrics) w.value(m);
  w.end_array();
  w.field("runs_total", static_cast<int64_t>(plan.runs.size()));
  w.field("runs_present", t.runs_present);
  // Runs with no summary.json (not run yet, another shard's not gathered, or failed).
  w.key("missing_runs").begin_array();
  for (const SweepRun& r : plan.runs)
    if (t.runs[static_cast<size_t>(r.index)].empty()) w.value(r.dir);
  w.end_array();
  w.key("points").begin_array();
  for (const SweepPoint& p : plan.points) {
    w.begin_object().field("id", p.id);
    w.key("values").begin_object();
    for (const auto& [k, v] : p.values) w.field(k, v);
    w.end_object();
    w.key("metrics").begin_object();
    for (const auto& [m, s] : t.points[static_cast<size_t>(p.index)]) {
      w.key(m).begin_object().field("n", s.n).field("mean", s.mean);
      w.field("min", s.min).field("max", s.max).end_object();
    }
    w.end_object();
    w.key("runs").begin_array();
    for (const SweepRun& r : plan.runs) {
      if (r.point != p.index) continue;
      const auto& nums = t.runs[static_cast<size_t>(r.index)];
      w.begin_object().field("run", r.index).field("dir", r.dir);
      if (r.has_seed)
        w.field("seed", r.seed);
      else
        w.key("seed").null();
      w.field("status", nums.empty() ? "missing" : "done");
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array();
  w.end_object();
  return w.str() + "\n";
}

}  // namespace vgpusim
