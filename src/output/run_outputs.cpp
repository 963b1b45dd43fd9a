#include "vgpusim/output/run_outputs.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "vgpusim/output/decisions_output.hpp"
#include "vgpusim/output/mobility_output.hpp"
#include "vgpusim/output/perfetto_trace.hpp"
#include "vgpusim/output/report_html.hpp"
#include "vgpusim/output/service_outputs.hpp"
#include "vgpusim/trace/alibaba_openb.hpp"
#include "vgpusim/util/atomic_file.hpp"
#include "vgpusim/util/csv_field.hpp"
#include "vgpusim/util/gzip.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {
namespace {

std::string num(double v) {
  return JsonWriter::format_number(v);
}
std::string opt_time(double v) {
  return v < 0 ? "" : num(v);
}

}  // namespace

std::string jobs_csv(const RunResult& r) {
  std::string out =
      "job,workflow,status,submit_s,start_s,end_s,jct_s,queue_delay_s,stages,vc,trace_status\n";
  for (const auto& j : r.jobs)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", j.id, csv_field(j.workflow),
                       to_string(j.status), num(j.submit), opt_time(j.start), opt_time(j.end),
                       opt_time(j.jct()), num(j.queue_delay), j.stages, csv_field(j.vc),
                       j.trace_status);
  return out;
}

std::string stages_csv(const RunResult& r) {
  std::string out =
      "job,workflow,stage,kind,attempt,status,server,pool,gpus,slices,submit_s,start_s,end_s,"
      "queue_delay_s,pull_s,read_s,compute_s,checkpoint_s,write_s,gpu_seconds,reason\n";
  for (const auto& s : r.stages)
    out +=
        fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", s.job,
                    csv_field(s.workflow), csv_field(s.stage), s.kind, s.attempt, to_string(s.status),
                    csv_field(s.server), csv_field(s.pool), s.gpus, csv_field(s.slices),
                    num(s.submit), opt_time(s.start), opt_time(s.end), opt_time(s.queue_delay()),
                    num(s.pull_time), num(s.read_time), num(s.compute_time), num(s.checkpoint_time),
                    num(s.write_time), num(s.gpu_seconds), csv_field(s.reason));
  return out;
}

std::string gpus_csv(const RunResult& r) {
  std::string out =
      "gpu,server,pool,model,mode,allocation,utilisation,allocated_gpu_s,busy_gpu_s,energy_j,"
      "fragmentation,"
      "fragmented_gpu_s\n";
  for (const auto& g : r.gpus) {
    double alloc = r.end_time > 0 ? g.allocated_time / r.end_time : 0;
    double util = r.end_time > 0 ? g.busy_time / r.end_time : 0;
    double frag = r.end_time > 0 ? g.fragmented_time / r.end_time : 0;
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", g.index, csv_field(g.server),
                       csv_field(g.pool), g.model, g.mode, num(alloc), num(util),
                       num(g.allocated_time), num(g.busy_time), num(g.energy_j), num(frag),
                       num(g.fragmented_time));
  }
  return out;
}

std::string timeline_csv(const RunResult& r) {
  std::string out =
      "time_s,allocated_gpus,allocation,busy_gpus,utilisation,queue_length,running_stages,"
      "fragmented_gpus,fragmentation";
  const bool per_pool = r.pools.size() <= kMaxTimelinePools;
  if (per_pool)
    for (const auto& pool : r.pools)
      out += ",allocation." + csv_field(pool.name) + ",fragmentation." + csv_field(pool.name);
  out += "\n";
  const double total = std::max<double>(1, static_cast<double>(r.total_gpus));
  for (const auto& p : r.timeline) {
    out += fmt::format("{},{},{},{},{},{},{},{},{}", num(p.time), num(p.allocated_milli / 1000.0),
                       num(p.allocated_milli / 1000.0 / total), num(p.busy_gpus),
                       num(p.busy_gpus / total), p.queue_length, p.running_stages,
                       num(p.fragmented_milli / 1000.0), num(p.fragmented_milli / 1000.0 / total));
    // Per pool: fractions of the pool's GPUs (a pool missing from a point reads 0).
    for (size_t i = 0; per_pool && i < r.pools.size(); ++i) {
      const double gpus = std::max(1, r.pools[i].gpus) * 1000.0;
      const double a =
          i < p.pool_allocated_milli.size() ? static_cast<double>(p.pool_allocated_milli[i]) : 0;
      const double f = i < p.pool_fragmented_milli.size() ? p.pool_fragmented_milli[i] : 0;
      out += fmt::format(",{},{}", num(a / gpus), num(f / gpus));
    }
    out += "\n";
  }
  return out;
}

std::string allocation_curve_csv(const RunResult& r) {
  std::string out = "arrived_pct,allocated_pct,tasks\n";
  const auto& t = r.tasks;
  for (const CurvePoint& p :
       allocation_curve(t.arrived_milli, t.allocated_milli, t.capacity_milli, 130))
    out += fmt::format("{},{},{}\n", p.arrived_pct, num(p.allocated_pct), p.tasks);
  return out;
}

void write_run_outputs(const std::filesystem::path& dir, const RunResult& r, const Summary& s,
                       const OutputSpec& outputs) {
  std::filesystem::create_directories(dir);
  // report.html is drawn from these very texts, as `vgpusim report DIR` draws it from the files.
  const RunFiles files{summary_json(r, s),
                       jobs_csv(r),
                       stages_csv(r),
                       gpus_csv(r),
                       timeline_csv(r),
                       requests_csv(r),
                       r.tasks.arrived > 0 ? allocation_curve_csv(r) : std::string(),
                       kv_occupancy_csv(r),
                       placements_csv(r),
                       events_csv(r),
                       migrations_csv(r),
                       decisions_csv(r)};
  write_file_atomically(dir / "jobs.csv", files.jobs_csv);
  write_file_atomically(dir / "stages.csv", files.stages_csv);
  write_file_atomically(dir / "gpus.csv", files.gpus_csv);
  write_file_atomically(dir / "timeline.csv", files.timeline_csv);
  write_file_atomically(dir / "migrations.csv", files.migrations_csv);
  write_file_atomically(dir / "requests.csv", files.requests_csv);
  if (!files.allocation_curve_csv.empty())
    write_file_atomically(dir / "allocation_curve.csv", files.allocation_curve_csv);
  if (!files.kv_occupancy_csv.empty())
    write_file_atomically(dir / "kv_occupancy.csv", files.kv_occupancy_csv);
  if (const std::string scaling = scaling_csv(r); !scaling.empty())
    write_file_atomically(dir / "scaling.csv", scaling);
  write_file_atomically(dir / "placements.csv", files.placements_csv);
  write_file_atomically(dir / "events.csv", files.events_csv);
  if (r.decisions_recorded) write_file_atomically(dir / "decisions.csv", files.decisions_csv);
  if (outputs.trace) {
    TraceLimits limits;
    limits.max_bytes = static_cast<size_t>(outputs.trace_max_size);
    TraceStats stats;
    const std::string trace = perfetto_trace_json(r, limits, &stats);
    if (stats.capped)
      spdlog::warn(
          "trace.json holds only the first {} of {} stage attempts: it reached "
          "outputs.trace_max_size ({} MiB); raise it to see more (ui.perfetto.dev opens files of "
          "a few hundred MiB)",
          stats.stages_in_trace, stats.stages_run, limits.max_bytes >> 20);
    // A trace from an earlier run in the other form would be stale: keep one.
    std::filesystem::remove(dir / (outputs.trace_gzip ? "trace.json" : "trace.json.gz"));
    if (outputs.trace_gzip)
      write_file_atomically(dir / "trace.json.gz", gzip_compress(trace));
    else
      write_file_atomically(dir / "trace.json", trace);
  }
  if (outputs.report)
    write_file_atomically(dir / "report.html", render_report_html(report_data(files)));
  // Written last: its presence means the run's outputs are complete.
  write_file_atomically(dir / "summary.json", files.summary_json);
}

}  // namespace vgpusim
