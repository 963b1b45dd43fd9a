#include "vgpusim/output/mobility_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "vgpusim/util/csv_field.hpp"
#include "vgpusim/util/csv_row.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {
namespace {
std::string num(double v) {
  return JsonWriter::format_number(v);
}
}  // namespace

std::string migrations_csv(const RunResult& r) {
  std::string out =
      "job,stage,vm,source,destination,reason,start_s,end_s,total_s,downtime_s,ram_bytes,"
      "framebuffer_bytes,"
      "precopy_rounds\n";
  for (const auto& m : r.migrations)
    out +=
        fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", m.job, m.stage, m.vm, m.source,
                    m.destination, m.reason, num(m.start), num(m.end), num(m.total()),
                    num(m.downtime), num(m.ram_bytes), num(m.framebuffer_bytes), m.precopy_rounds);
  return out;
}

std::string placements_csv_header() {
  return "job,workflow,stage,attempt,vm,server,pool,gpus,slices,from_s,to_s,duration_s,ended\n";
}

std::string placement_row(const PlacementInterval& iv, const StageRecord& s) {
  CsvRow r;
  r.integer(s.job).field(s.workflow).field(s.stage).integer(s.attempt).raw(iv.vm);
  r.field(iv.server).field(iv.pool).raw(iv.gpus).field(iv.slices).number(iv.from);
  r.number(iv.to).number(iv.to - iv.from);
  return std::move(r.raw(iv.migrated ? std::string_view("migrated") : to_string(s.status))).line();
}

std::string placements_csv(const RunResult& r) {
  std::string out = placements_csv_header();
  for (const auto& iv : r.placements) out += placement_row(iv, r.stages[iv.stage]);
  return out;
}

std::string events_csv(const RunResult& r) {
  std::string out = "time_s,event,target\n";
  for (const auto& e : r.events)
    out += fmt::format("{},{},{}\n", num(e.time), to_string(e.kind), csv_field(e.target));
  return out;
}

void mobility_json(JsonWriter& w, const RunResult& r) {
  double total = 0, downtime = 0, max_downtime = 0, ram = 0, fb = 0;
  for (const auto& m : r.migrations) {
    total += m.total();
    downtime += m.downtime;
    max_downtime = std::max(max_downtime, m.downtime);
    ram += m.ram_bytes;
    fb += m.framebuffer_bytes;
  }
  const MobilityTotals& t = r.mobility;
  w.key("migration").begin_object();
  w.field("count", static_cast<int64_t>(r.migrations.size()));
  w.field("refused", t.refused);
  w.key("refused_by_reason").begin_object();
  std::map<std::string_view, int64_t> by_text;  // in the order of the keys' text
  for (const auto& [why, n] : t.refused_by_reason) by_text[to_string(why)] = n;
  for (const auto& [why, n] : by_text) w.field(std::string(why), n);
  w.end_object();
  w.field("total_time_s", total)
      .field("downtime_s", downtime)
      .field("max_downtime_s", max_downtime);
  w.field("ram_bytes", ram).field("framebuffer_bytes", fb).field("bytes", ram + fb);
  w.end_object();
  w.key("restarts").begin_object();
  w.field("count", t.restarts).field("lost_work_gpu_s", t.lost_work_gpu_s);
  w.end_object();
  w.key("preemption").begin_object();
  w.field("preempted", t.preempted).field("resumed", t.resumed);
  w.field("checkpoint_s", t.preempt_checkpoint_s);
  w.end_object();
  w.key("power").begin_object();
  w.field("power_offs", t.power_offs).field("boots", t.boots);
  w.end_object();
}

void cost_json(JsonWriter& w, const RunResult& r, const Summary& s) {
  // A board without a list price makes the hardware figure and the totals unknown (null),
  // not $0: a plan must not find such a fleet "cheap".
  const bool priced = s.unpriced_boards.empty();
  const double kwh = s.energy_j / 3.6e6;
  const double energy_usd = kwh * r.mobility.price_per_kwh;
  const double total = priced ? s.cost + s.licence_usd + energy_usd : NAN;
  const double gh = s.gpu_hours_provisioned;
  const MobilityTotals& m = r.mobility;
  w.key("cost").begin_object();
  w.field("gpu_list_price_usd", priced ? s.cost : NAN);
  w.key("boards_without_price").begin_array();
  for (const auto& b : s.unpriced_boards) w.value(b);
  w.end_array();
  w.key("licence").begin_object();
  w.field("product", "NVIDIA AI Enterprise").field("model", m.licence_model);
  w.field("per_gpu_year_usd", m.licence_per_gpu_year)
      .field("per_gpu_hour_usd", m.licence_per_gpu_hour);
  w.field("usd_per_gpu_hour", m.licence_usd_per_gpu_hour).field("gpu_hours", gh);
  w.end_object();
  w.field("licence_usd", s.licence_usd);
  w.field("price_per_kwh_usd", m.price_per_kwh);
  w.field("energy_usd", energy_usd);
  w.field("total_usd", total);
  w.field("energy_usd_per_gpu_hour", gh > 0 ? energy_usd / gh : 0);
  w.field("total_usd_per_gpu_hour", gh > 0 ? total / gh : 0);
  w.end_object();
}

}  // namespace vgpusim
