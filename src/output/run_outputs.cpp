#include "vgpusim/output/run_outputs.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "vgpusim/output/decisions_output.hpp"
#include "vgpusim/output/mobility_output.hpp"
#include "vgpusim/output/perfetto_trace.hpp"
#include "vgpusim/output/report_html.hpp"
#include "vgpusim/output/run_streams.hpp"
#include "vgpusim/output/service_outputs.hpp"
#include "vgpusim/trace/alibaba_openb.hpp"
#include "vgpusim/util/atomic_file.hpp"
#include "vgpusim/util/csv_field.hpp"
#include "vgpusim/util/csv_row.hpp"
#include "vgpusim/util/gzip.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {
namespace {

std::string num(double v) {
  return JsonWriter::format_number(v);
}

/// A table the run streamed, read back for report.html.
std::string read_text_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read back " + p.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string jobs_csv_header() {
  return "job,workflow,status,submit_s,start_s,end_s,jct_s,queue_delay_s,stages,vc,trace_status\n";
}

std::string job_row(const JobRecord& j) {
  CsvRow r;
  r.integer(j.id).field(j.workflow).raw(to_string(j.status)).number(j.submit).time(j.start);
  r.time(j.end).time(j.jct()).number(j.queue_delay).integer(j.stages).field(j.vc);
  return std::move(r.raw(j.trace_status)).line();
}

std::string jobs_csv(const RunResult& r) {
  std::string out = jobs_csv_header();
  for (const auto& j : r.jobs) out += job_row(j);
  return out;
}

std::string stages_csv_header() {
  return "job,workflow,stage,kind,attempt,status,server,pool,gpus,slices,submit_s,start_s,end_s,"
         "queue_delay_s,pull_s,read_s,compute_s,checkpoint_s,write_s,gpu_seconds,reason\n";
}

std::string stage_row(const StageRecord& s) {
  CsvRow r;
  r.integer(s.job).field(s.workflow).field(s.stage).raw(s.kind).integer(s.attempt);
  r.raw(to_string(s.status)).field(s.server).field(s.pool).raw(s.gpus).field(s.slices);
  r.number(s.submit).time(s.start).time(s.end).time(s.queue_delay()).number(s.pull_time);
  r.number(s.read_time).number(s.compute_time).number(s.checkpoint_time).number(s.write_time);
  return std::move(r.number(s.gpu_seconds).field(s.reason)).line();
}

std::string stages_csv(const RunResult& r) {
  std::string out = stages_csv_header();
  for (const auto& s : r.stages) out += stage_row(s);
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

std::string timeline_csv_header(const std::vector<PoolRecord>& pools) {
  std::string out =
      "time_s,allocated_gpus,allocation,busy_gpus,utilisation,queue_length,running_stages,"
      "fragmented_gpus,fragmentation";
  if (pools.size() <= kMaxTimelinePools)
    for (const auto& pool : pools)
      out += ",allocation." + csv_field(pool.name) + ",fragmentation." + csv_field(pool.name);
  return out + "\n";
}

std::string timeline_row(const TimelinePoint& p, const std::vector<PoolRecord>& pools,
                         int64_t total_gpus) {
  const double total = std::max<double>(1, static_cast<double>(total_gpus));
  CsvRow r;
  r.number(p.time).number(p.allocated_milli / 1000.0).number(p.allocated_milli / 1000.0 / total);
  r.number(p.busy_gpus).number(p.busy_gpus / total).integer(p.queue_length);
  r.integer(p.running_stages).number(p.fragmented_milli / 1000.0);
  r.number(p.fragmented_milli / 1000.0 / total);
  // Per pool: fractions of the pool's GPUs (a pool missing from a point reads 0).
  const bool per_pool = pools.size() <= kMaxTimelinePools;
  for (size_t i = 0; per_pool && i < pools.size(); ++i) {
    const double gpus = std::max(1, pools[i].gpus) * 1000.0;
    const double a =
        i < p.pool_allocated_milli.size() ? static_cast<double>(p.pool_allocated_milli[i]) : 0;
    const double f = i < p.pool_fragmented_milli.size() ? p.pool_fragmented_milli[i] : 0;
    r.number(a / gpus).number(f / gpus);
  }
  return std::move(r).line();
}

std::string timeline_csv(const RunResult& r) {
  std::string out = timeline_csv_header(r.pools);
  for (const auto& p : r.timeline) out += timeline_row(p, r.pools, r.total_gpus);
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
  // Tables the recorder streamed are on disk already: renamed into place, and read back
  // only when report.html is drawn from them.
  const bool streamed = r.streams != nullptr;
  RunFiles files{summary_json(r, s),
                 streamed ? std::string() : jobs_csv(r),
                 streamed ? std::string() : stages_csv(r),
                 gpus_csv(r),
                 streamed ? std::string() : timeline_csv(r),
                 requests_csv(r),
                 r.tasks.arrived > 0 ? allocation_curve_csv(r) : std::string(),
                 kv_occupancy_csv(r),
                 streamed ? std::string() : placements_csv(r),
                 events_csv(r),
                 migrations_csv(r),
                 decisions_csv(r)};
  if (streamed) {
    r.streams->commit();
  } else {
    write_file_atomically(dir / "jobs.csv", files.jobs_csv);
    write_file_atomically(dir / "stages.csv", files.stages_csv);
    write_file_atomically(dir / "timeline.csv", files.timeline_csv);
    write_file_atomically(dir / "placements.csv", files.placements_csv);
  }
  write_file_atomically(dir / "gpus.csv", files.gpus_csv);
  write_file_atomically(dir / "migrations.csv", files.migrations_csv);
  write_file_atomically(dir / "requests.csv", files.requests_csv);
  if (!files.allocation_curve_csv.empty())
    write_file_atomically(dir / "allocation_curve.csv", files.allocation_curve_csv);
  if (!files.kv_occupancy_csv.empty())
    write_file_atomically(dir / "kv_occupancy.csv", files.kv_occupancy_csv);
  if (const std::string scaling = scaling_csv(r); !scaling.empty())
    write_file_atomically(dir / "scaling.csv", scaling);
  write_file_atomically(dir / "events.csv", files.events_csv);
  if (r.decisions_recorded) write_file_atomically(dir / "decisions.csv", files.decisions_csv);
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
  if (outputs.report) {
    if (streamed) {
      files.jobs_csv = read_text_file(dir / "jobs.csv");
      files.stages_csv = read_text_file(dir / "stages.csv");
      files.timeline_csv = read_text_file(dir / "timeline.csv");
      files.placements_csv = read_text_file(dir / "placements.csv");
    }
    write_file_atomically(dir / "report.html", render_report_html(report_data(files)));
  }
  // Written last: its presence means the run's outputs are complete.
  write_file_atomically(dir / "summary.json", files.summary_json);
}

}  // namespace vgpusim
