#include "vgpusim/output/summary.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>

#include "vgpusim/output/mobility_output.hpp"
#include "vgpusim/output/service_outputs.hpp"
#include "vgpusim/output/trace_outputs.hpp"
#include "vgpusim/trace/alibaba_openb.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {

Stats describe(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.count = static_cast<int64_t>(v.size());
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  auto rank = [&](double p) {
    size_t k = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<size_t>(k, 1, v.size()) - 1];
  };
  s.p50 = rank(50);
  s.p95 = rank(95);
  s.p99 = rank(99);
  s.max = v.back();
  return s;
}

Summary summarize(const RunResult& r) {
  Summary s;
  const RunTotals t = totals_of(r);
  s.jobs_submitted = t.jobs_submitted;
  s.jobs_done = t.jobs_done;
  s.jobs_failed = t.jobs_failed;
  s.jobs_unfinished = t.jobs_unfinished;
  s.stages_done = t.stages_done;
  s.stages_rejected = t.stages_rejected;
  s.makespan = s.jobs_done > 0 ? t.last_end - t.first_submit : 0;
  s.jct = describe(t.jct);
  s.queue_delay = describe(t.queue_delay);
  double alloc = 0, busy = 0, fragmented = 0;
  for (const auto& g : r.gpus) {
    alloc += g.allocated_time;
    busy += g.busy_time;
    fragmented += g.fragmented_time;
  }
  double capacity = static_cast<double>(r.total_gpus) * r.end_time;
  s.gpu_allocation = capacity > 0 ? alloc / capacity : 0;
  s.gpu_utilisation = capacity > 0 ? busy / capacity : 0;
  s.fragmentation_mean = capacity > 0 ? fragmented / capacity : 0;
  s.fragmented_gpu_hours = fragmented / 3600.0;
  const double gpus = std::max<double>(1, static_cast<double>(r.total_gpus));
  // The highest point's fraction: dividing by a positive constant keeps the order.
  s.peak_allocation = std::max(0.0, t.peak_allocated_milli / 1000.0 / gpus);
  s.fragmentation_peak = std::max(0.0, t.peak_fragmented_milli / 1000.0 / gpus);
  s.energy_j = r.energy_j;
  for (const auto& p : r.pools) {
    s.cost += p.cost;
    s.gpu_hours_provisioned += p.gpu_hours;
    if (!p.priced && std::find(s.unpriced_boards.begin(), s.unpriced_boards.end(), p.model) ==
                         s.unpriced_boards.end())
      s.unpriced_boards.push_back(p.model);
  }
  s.licence_usd = s.gpu_hours_provisioned * r.mobility.licence_usd_per_gpu_hour;
  s.gpu_hours_used = busy / 3600.0;
  return s;
}

namespace {
void stats(JsonWriter& w, const std::string& key, const Stats& s) {
  w.key(key).begin_object();
  w.field("count", s.count).field("mean", s.mean).field("p50", s.p50).field("p95", s.p95);
  w.field("p99", s.p99).field("max", s.max);
  w.end_object();
}
}  // namespace

// Imported task streams: what became of the tasks and the allocation, in percent of the
// cluster's GPU capacity (docs/outputs.md); the figure at 100% is the curve's bin there.
static void packing_json(JsonWriter& w, const TaskStreamRecord& t) {
  const auto cap = static_cast<double>(std::max<int64_t>(1, t.capacity_milli));
  w.key("packing").begin_object();
  w.key("tasks").begin_object();
  w.field("arrived", t.arrived).field("placed", t.placed).field("dropped", t.dropped);
  w.field("invalid", t.invalid).field("waiting", t.waiting);
  w.end_object();
  w.field("capacity_milli", t.capacity_milli);
  w.field("arrived_pct_final",
          t.arrived_milli.empty() ? 0.0 : 100.0 * t.arrived_milli.back() / cap);
  w.field("allocated_pct_final",
          t.allocated_milli.empty() ? 0.0 : 100.0 * t.allocated_milli.back() / cap);
  const auto curve = allocation_curve(t.arrived_milli, t.allocated_milli, t.capacity_milli, 100);
  w.key("allocated_pct_at_100");
  if (curve[100].tasks > 0)
    w.value(curve[100].allocated_pct);
  else
    w.null();  // the stream never reached 100% of capacity
  w.end_object();
}

// A word of a shell command line, quoted when the shell would read it otherwise.
static std::string shell_word(const std::string& s) {
  const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_./=:,@%+-").find(c) !=
                                                              std::string_view::npos;
  });
  if (plain) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// The scenario file and the command-line overrides the run used, and the command that
// reproduces it (summary.json `scenario_file`, `overrides`, `command`).
static void overrides_json(JsonWriter& w, const RunResult& r) {
  const RunOverrides& o = r.overrides;
  w.field("scenario_file", r.scenario_file);
  w.key("overrides").begin_object();
  w.key("set").begin_array();
  for (const auto& s : o.sets) w.value(s);
  w.end_array();
  w.key("seed");
  if (o.seed)
    w.value(static_cast<int64_t>(*o.seed));
  else
    w.null();
  w.key("policy");
  if (o.policy)
    w.value(*o.policy);
  else
    w.null();
  w.key("plugins").begin_array();
  for (const auto& p : o.plugins) w.value(p);
  w.end_array();
  w.end_object();
  std::string cmd = "vgpusim run " + shell_word(r.scenario_file);
  for (const auto& p : o.plugins) cmd += " --plugin " + shell_word(p);
  if (o.policy) cmd += " --policy " + shell_word(*o.policy);
  if (o.seed) cmd += " --seed " + std::to_string(*o.seed);
  for (const auto& s : o.sets) cmd += " --set " + shell_word(s);
  w.field("command", cmd);
}

// Work that could never progress (docs/outputs.md): always written, count 0 when none, so
// that compare and plan can target `stuck.count`. The list is capped; the count is not.
static void stuck_json(JsonWriter& w, const StuckRecord& st) {
  constexpr size_t kListed = 100;
  w.key("stuck").begin_object();
  w.field("count", static_cast<int64_t>(st.stages.size()));
  w.key("at_s");
  if (st.stuck())
    w.value(st.at);
  else
    w.null();
  w.key("cause");
  if (st.stuck())
    w.value(st.cause);
  else
    w.null();
  w.key("stages").begin_array();
  for (size_t i = 0; i < st.stages.size() && i < kListed; ++i) {
    const StuckStage& s = st.stages[i];
    w.begin_object();
    w.field("job", s.job).field("workflow", s.workflow).field("stage", s.stage);
    w.field("waiting_since_s", s.waiting_since).field("reason", s.reason);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

std::string summary_json(const RunResult& r, const Summary& s) {
  JsonWriter w;
  w.begin_object();
  w.field("schema_version", kSummarySchemaVersion);
  w.field("vgpusim_version", VGPUSIM_VERSION);
  w.field("scenario", r.scenario);
  w.field("seed", static_cast<int64_t>(r.seed));
  w.field("policy", r.policy).field("queue", r.queue);
  overrides_json(w, r);
  w.field("horizon_s", r.horizon).field("end_time_s", r.end_time);
  w.key("jobs").begin_object();
  w.field("submitted", s.jobs_submitted).field("done", s.jobs_done).field("failed", s.jobs_failed);
  w.field("unfinished", s.jobs_unfinished);
  w.end_object();
  w.key("stages").begin_object();
  w.field("done", s.stages_done).field("rejected", s.stages_rejected);
  w.field("invalid_decisions", r.invalid_decisions);
  w.end_object();
  w.field("makespan_s", s.makespan);
  stats(w, "jct_s", s.jct);
  stats(w, "queue_delay_s", s.queue_delay);
  w.key("gpus").begin_object();
  w.field("total", r.total_gpus);
  w.field("allocation_mean", s.gpu_allocation).field("allocation_peak", s.peak_allocation);
  w.field("utilisation_mean", s.gpu_utilisation);
  w.field("gpu_hours_provisioned", s.gpu_hours_provisioned)
      .field("gpu_hours_busy", s.gpu_hours_used);
  w.field("fragmentation_mean", s.fragmentation_mean)
      .field("fragmentation_peak", s.fragmentation_peak);
  w.field("fragmented_gpu_hours", s.fragmented_gpu_hours);
  w.end_object();
  w.key("energy").begin_object();
  w.field("total_j", s.energy_j).field("total_kwh", s.energy_j / 3.6e6);
  w.key("pools_kwh").begin_object();
  for (const auto& p : r.pools) w.field(p.name, p.energy_j / 3.6e6);
  w.end_object();
  w.end_object();
  cost_json(w, r, s);  // list price, licence, energy, totals
  mobility_json(w, r);  // migrations, restarts from checkpoints, power-offs
  services_json(w, r);  // per serve stage: throughput, latency, SLO attainment
  if (r.tasks.arrived > 0) packing_json(w, r.tasks);
  if (!r.trace.format.empty()) trace_json(w, r);  // replayed job trace: statuses, VCs
  stuck_json(w, r.stuck);
  w.end_object();
  return w.str();
}

}  // namespace vgpusim
