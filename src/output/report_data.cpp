#include "vgpusim/output/report_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "vgpusim/util/diagnostics.hpp"
#include "vgpusim/util/json.hpp"

namespace vgpusim {
namespace {

[[noreturn]] void bad(const std::string& file, int line, const std::string& message) {
  Diagnostics d;
  d.add(Diagnostic{file, line, 1, "", message});
  throw InputError(d);
}

/// A CSV table as written by the run outputs (RFC 4180 quoting), with cells by column name.
class Csv {
 public:
  Csv(std::string file, const std::string& text) : file_(std::move(file)) {
    size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
      ++line;
      std::vector<std::string> cells(1);
      bool quoted = false;
      for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (quoted) {
          if (c == '"' && pos + 1 < text.size() && text[pos + 1] == '"')
            cells.back() += '"', ++pos;
          else if (c == '"')
            quoted = false;
          else
            cells.back() += c;
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          cells.emplace_back();
        } else if (c == '\n') {
          ++pos;
          break;
        } else if (c != '\r') {
          cells.back() += c;
        }
      }
      if (line == 1) {
        for (size_t i = 0; i < cells.size(); ++i) columns_[cells[i]] = i;
        header_ = cells;
        continue;
      }
      if (cells.size() != header_.size())
        bad(file_, line,
            fmt::format("{} fields where the header has {}", cells.size(), header_.size()));
      rows_.push_back({line, std::move(cells)});
    }
    if (line == 0) bad(file_, 1, "empty file: a header row was expected");
  }

  struct Row {
    int line;
    std::vector<std::string> cells;
  };
  const std::vector<Row>& rows() const { return rows_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::string& file() const { return file_; }
  bool has(const std::string& column) const { return columns_.count(column) > 0; }

  const std::string& text(const Row& r, const std::string& column) const {
    auto it = columns_.find(column);
    if (it == columns_.end()) bad(file_, 1, fmt::format("column '{}' missing", column));
    return r.cells[it->second];
  }
  /// A number; `empty` when the cell is empty (an optional figure).
  double number(const Row& r, const std::string& column, double empty = NAN) const {
    const std::string& s = text(r, column);
    if (s.empty()) {
      if (std::isnan(empty))
        bad(file_, r.line, fmt::format("{}: empty, a number was expected", column));
      return empty;
    }
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size())
      bad(file_, r.line, fmt::format("{}: '{}' is not a number", column, s));
    return v;
  }
  std::optional<double> optional(const Row& r, const std::string& column) const {
    if (!has(column) || text(r, column).empty()) return std::nullopt;
    return number(r, column);
  }

 private:
  std::string file_;
  std::map<std::string, size_t> columns_;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

/// summary.json through nlohmann-json (util/json.hpp); absent figures read as their fallback.
class Summary {
 public:
  explicit Summary(const std::string& text)
      : text_(text), root_(parse_json(text, "summary.json", "JSON")) {
    if (!root_.is_object()) bad("summary.json", 1, "a JSON object was expected");
  }
  const Json* node(const std::string& path) const { return json_find(root_, path); }
  template <typename T>
  T get(const std::string& path, T fallback = T{}) const {
    const Json* n = node(path);
    if (n == nullptr || n->is_null()) return fallback;
    try {
      return n->get<T>();
    } catch (const Json::exception&) {
      bad("summary.json", json_position(text_, path).first,
          fmt::format("{}: unexpected value {}", path, json_text(*n)));
    }
  }

 private:
  std::string text_;
  Json root_;
};

void read_summary(const Summary& s, ReportData& d) {
  if (!s.node("scenario")) bad("summary.json", 1, "scenario: missing (not a vgpusim summary?)");
  d.scenario = s.get<std::string>("scenario");
  d.policy = s.get<std::string>("policy");
  d.queue = s.get<std::string>("queue");
  d.version = s.get<std::string>("vgpusim_version");
  d.seed = s.get<int64_t>("seed");
  d.end_time = s.get<double>("end_time_s");
  d.horizon = s.get<double>("horizon_s");
  d.jobs_submitted = s.get<int64_t>("jobs.submitted");
  d.jobs_done = s.get<int64_t>("jobs.done");
  d.jobs_failed = s.get<int64_t>("jobs.failed");
  d.jobs_unfinished = s.get<int64_t>("jobs.unfinished");
  d.stages_done = s.get<int64_t>("stages.done");
  d.stages_rejected = s.get<int64_t>("stages.rejected");
  d.makespan = s.get<double>("makespan_s");
  d.jct_mean = s.get<double>("jct_s.mean");
  d.jct_p50 = s.get<double>("jct_s.p50");
  d.jct_p95 = s.get<double>("jct_s.p95");
  d.jct_p99 = s.get<double>("jct_s.p99");
  d.queue_mean = s.get<double>("queue_delay_s.mean");
  d.queue_p95 = s.get<double>("queue_delay_s.p95");
  d.total_gpus = s.get<int64_t>("gpus.total");
  d.allocation_mean = s.get<double>("gpus.allocation_mean");
  d.allocation_peak = s.get<double>("gpus.allocation_peak");
  d.utilisation_mean = s.get<double>("gpus.utilisation_mean");
  d.gpu_hours_provisioned = s.get<double>("gpus.gpu_hours_provisioned");
  d.gpu_hours_busy = s.get<double>("gpus.gpu_hours_busy");
  d.energy_kwh = s.get<double>("energy.total_kwh");
  if (const Json* pools = s.node("energy.pools_kwh"); pools && pools->is_object())
    for (auto it = pools->begin(); it != pools->end(); ++it)
      // Pool names may hold dots: read the value itself, not through a key path.
      d.pool_kwh.emplace_back(it.key(), it.value().is_number() ? it.value().get<double>() : 0.0);
  // null (a board without a list price) reads as NaN: "no price", not $0.
  d.cost_gpu_usd = s.get<double>("cost.gpu_list_price_usd", NAN);
  d.cost_energy_usd = s.get<double>("cost.energy_usd");
  d.cost_licence_usd = s.get<double>("cost.licence_usd");
  d.licence_model = s.get<std::string>("cost.licence.model", "none");
  d.cost_total_usd = s.get<double>("cost.total_usd", NAN);
  if (const Json* b = s.node("cost.boards_without_price"); b && b->is_array())
    for (const auto& v : *b)
      if (v.is_string()) d.boards_without_price.push_back(v.get<std::string>());
  d.price_per_kwh = s.get<double>("cost.price_per_kwh_usd");
  d.migrations = s.get<int64_t>("migration.count");
  d.migration_downtime = s.get<double>("migration.downtime_s");
  d.restarts = s.get<int64_t>("restarts.count");
  d.services_with_slo = s.get<int64_t>("services_slo.with_slo");
  d.services_met = s.get<int64_t>("services_slo.met");
  if (s.node("packing")) {
    d.tasks_arrived = s.get<int64_t>("packing.tasks.arrived");
    d.tasks_placed = s.get<int64_t>("packing.tasks.placed");
    d.tasks_dropped = s.get<int64_t>("packing.tasks.dropped");
    d.allocated_pct_at_100 = s.get<double>("packing.allocated_pct_at_100");
    d.allocated_pct_final = s.get<double>("packing.allocated_pct_final");
    d.arrived_pct_final = s.get<double>("packing.arrived_pct_final");
  }
}

void read_timeline(const Csv& t, ReportData& d) {
  for (const auto& col : t.header())
    if (col.rfind("allocation.", 0) == 0) d.pools.push_back(col.substr(11));
  for (const auto& r : t.rows()) {
    ReportData::Point p;
    p.time = t.number(r, "time_s");
    p.allocated = t.number(r, "allocated_gpus");
    p.busy = t.number(r, "busy_gpus");
    p.fragmented = t.has("fragmented_gpus") ? t.number(r, "fragmented_gpus", 0) : 0;
    p.queue = t.number(r, "queue_length");
    p.running = t.number(r, "running_stages");
    for (const auto& pool : d.pools)
      p.pool_allocation.push_back(t.number(r, "allocation." + pool, 0));
    d.timeline.push_back(std::move(p));
  }
}

/// GPU residencies from stages.csv (`start_s`, `end_s`) or placements.csv (`from_s`, `to_s`).
void read_residencies(const Csv& t, ReportData& d, const char* from, const char* to) {
  for (const auto& r : t.rows()) {
    const std::string& gpus = t.text(r, "gpus");
    if (gpus.empty() || t.text(r, from).empty()) continue;
    const double start = t.number(r, from);
    const double end = t.number(r, to, d.end_time);
    std::stringstream ss(gpus);
    std::string g;
    while (std::getline(ss, g, ';')) {
      char* e = nullptr;
      const long idx = std::strtol(g.c_str(), &e, 10);
      if (g.empty() || e != g.c_str() + g.size())
        bad(t.file(), r.line, fmt::format("gpus: '{}' is not a GPU list", gpus));
      d.residencies.push_back({static_cast<int>(idx), start, end});
    }
  }
}

void read_events(const RunFiles& f, ReportData& d) {
  if (!f.events_csv.empty()) {
    const Csv t("events.csv", f.events_csv);
    for (const auto& r : t.rows())
      d.events.push_back({t.number(r, "time_s"), t.text(r, "event"), t.text(r, "target")});
  }
  if (!f.migrations_csv.empty()) {
    const Csv t("migrations.csv", f.migrations_csv);
    for (const auto& r : t.rows())
      d.events.push_back({t.number(r, "start_s"), "migration",
                          fmt::format("job {} {}: {} -> {} ({})", t.text(r, "job"),
                                      t.text(r, "stage"), t.text(r, "source"),
                                      t.text(r, "destination"), t.text(r, "reason"))});
  }
  std::stable_sort(d.events.begin(), d.events.end(),
                   [](const auto& a, const auto& b) { return a.time < b.time; });
}

void read_waiting(const Csv& t, ReportData& d) {
  d.decisions = true;
  std::map<std::string, ReportData::Waiting> by;
  std::map<std::string, std::set<std::string>> stages;
  for (const auto& r : t.rows()) {
    const double waited = t.number(r, "waited_s", 0);
    if (waited <= 0) continue;
    const std::string reason = t.text(r, "reason");
    ReportData::Waiting& w = by[reason];
    w.reason = reason;
    w.gpu_hours += t.number(r, "gpus", 0) * waited / 3600.0;
    w.stage_hours += waited / 3600.0;
    stages[reason].insert(t.text(r, "job") + "/" + t.text(r, "stage") + "/" + t.text(r, "attempt"));
  }
  for (auto& [reason, w] : by) {
    w.stages = static_cast<int64_t>(stages[reason].size());
    d.waiting.push_back(w);
  }
  std::stable_sort(d.waiting.begin(), d.waiting.end(), [](const auto& a, const auto& b) {
    return a.gpu_hours != b.gpu_hours ? a.gpu_hours > b.gpu_hours : a.stage_hours > b.stage_hours;
  });
}

void read_services(const Csv& t, ReportData& d) {
  for (const auto& r : t.rows()) {
    ReportData::Service s;
    s.job = static_cast<int64_t>(t.number(r, "job"));
    s.workflow = t.text(r, "workflow");
    s.stage = t.text(r, "stage");
    s.status = t.text(r, "status");
    s.slo_met = t.text(r, "slo_met");
    s.served = static_cast<int64_t>(t.number(r, "served"));
    s.throughput = t.number(r, "throughput_rps", 0);
    s.p50 = t.number(r, "latency_p50_s", 0);
    s.p95 = t.number(r, "latency_p95_s", 0);
    s.p99 = t.number(r, "latency_p99_s", 0);
    s.slo_p50 = t.optional(r, "slo_p50_s");
    s.slo_p95 = t.optional(r, "slo_p95_s");
    s.slo_p99 = t.optional(r, "slo_p99_s");
    s.under_p50 = t.optional(r, "under_slo_p50");
    s.under_p95 = t.optional(r, "under_slo_p95");
    s.under_p99 = t.optional(r, "under_slo_p99");
    if (auto v = t.optional(r, "ttft_p50_s")) {
      s.llm = true;
      s.ttft_p50 = *v;
      s.ttft_p95 = t.number(r, "ttft_p95_s", 0);
      s.ttft_p99 = t.number(r, "ttft_p99_s", 0);
      s.tpot_p50 = t.number(r, "tpot_p50_s", 0);
      s.tpot_p95 = t.number(r, "tpot_p95_s", 0);
      s.tpot_p99 = t.number(r, "tpot_p99_s", 0);
    }
    d.services.push_back(std::move(s));
  }
}

}  // namespace

RunFiles read_run_files(const std::filesystem::path& dir) {
  RunFiles f;
  Diagnostics missing;
  auto read = [&](const char* name, std::string& into, bool required) {
    std::ifstream in(dir / name, std::ios::binary);
    if (!in) {
      if (required)
        missing.add(
            Diagnostic{(dir / name).string(), 0, 0, "",
                       "missing: not a vgpusim run directory (vgpusim run --out DIR writes it)"});
      return;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    into = ss.str();
  };
  read("summary.json", f.summary_json, true);
  read("jobs.csv", f.jobs_csv, true);
  read("stages.csv", f.stages_csv, true);
  read("gpus.csv", f.gpus_csv, true);
  read("timeline.csv", f.timeline_csv, true);
  read("requests.csv", f.requests_csv, false);                  // older runs have none
  read("allocation_curve.csv", f.allocation_curve_csv, false);  // packing runs only
  read("kv_occupancy.csv", f.kv_occupancy_csv, false);          // LLM services only
  read("placements.csv", f.placements_csv, false);              // older runs have none
  read("events.csv", f.events_csv, false);
  read("migrations.csv", f.migrations_csv, false);
  read("decisions.csv", f.decisions_csv, false);                // outputs.decisions only
  if (!missing.empty()) throw InputError(missing);
  return f;
}

ReportData report_data(const RunFiles& f) {
  ReportData d;
  read_summary(Summary(f.summary_json), d);
  read_timeline(Csv("timeline.csv", f.timeline_csv), d);
  const Csv jobs("jobs.csv", f.jobs_csv);
  for (const auto& r : jobs.rows())
    d.jobs.push_back(
        {jobs.text(r, "workflow"), jobs.text(r, "status"), jobs.number(r, "jct_s", -1)});
  const Csv gpus("gpus.csv", f.gpus_csv);
  for (const auto& r : gpus.rows())
    d.gpus.push_back({static_cast<int>(gpus.number(r, "gpu")), gpus.text(r, "server"),
                      gpus.text(r, "pool"), gpus.text(r, "model"), gpus.text(r, "mode"),
                      gpus.number(r, "allocation"), gpus.number(r, "utilisation")});
  if (!f.placements_csv.empty())
    read_residencies(Csv("placements.csv", f.placements_csv), d, "from_s", "to_s");
  else
    read_residencies(Csv("stages.csv", f.stages_csv), d, "start_s", "end_s");
  read_events(f, d);
  if (!f.decisions_csv.empty()) read_waiting(Csv("decisions.csv", f.decisions_csv), d);
  if (!f.requests_csv.empty()) read_services(Csv("requests.csv", f.requests_csv), d);
  if (!f.kv_occupancy_csv.empty()) {
    const Csv kv("kv_occupancy.csv", f.kv_occupancy_csv);
    for (const auto& r : kv.rows()) {
      const std::string name = fmt::format("job {} {}", kv.text(r, "job"), kv.text(r, "stage"));
      if (d.kv.empty() || d.kv.back().name != name) d.kv.push_back({name, {}, {}});
      d.kv.back().t.push_back(kv.number(r, "time_s"));
      d.kv.back().occupancy.push_back(kv.number(r, "kv_occupancy"));
    }
  }
  if (!f.allocation_curve_csv.empty()) {
    const Csv curve("allocation_curve.csv", f.allocation_curve_csv);
    for (const auto& r : curve.rows())
      d.packing_curve.push_back({curve.number(r, "arrived_pct"), curve.number(r, "allocated_pct")});
  }
  return d;
}

}  // namespace vgpusim
