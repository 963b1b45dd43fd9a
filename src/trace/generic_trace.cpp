// The generic job CSV (docs/traces.md): a planner's own job log, one row per job.
#include <cmath>
#include <istream>

#include "vgpusim/trace/job_traces.hpp"
#include "vgpusim/trace/trace_csv.hpp"

namespace vgpusim {

TraceJobs parse_generic_jobs(std::istream& in, const std::string& source,
                             const TraceReadOptions& o) {
  TraceCsv csv(in, source, {"submit"});
  const bool any_gpu = csv.has("gpus") || csv.has("vgpu") || csv.has("gpu_milli");
  if (!any_gpu) csv.fail("header", "names no GPU column: gpus, vgpu or gpu_milli");
  if (!csv.has("duration") && !csv.has("work"))
    csv.fail("header", "names no `duration` or `work` column");
  TraceJobs out;
  out.source = source;
  while (csv.next()) {
    ++out.rows;
    TraceJob j;
    j.name = csv.str("name");
    if (j.name.empty()) j.name = "row-" + std::to_string(csv.line());
    j.user = csv.str("user");
    j.vc = csv.str("queue");
    j.workflow = csv.str("workflow");
    j.submit = csv.datetime("submit");
    const bool g = !csv.empty("gpus"), v = !csv.empty("vgpu"), m = !csv.empty("gpu_milli");
    if (int(g) + int(v) + int(m) > 1)
      csv.fail(g ? "gpus" : "vgpu", "give one of gpus, vgpu (with count) or gpu_milli per row");
    if (g) {
      const auto n = static_cast<int>(csv.integer("gpus", 0, 1 << 20));
      if (n > 0) j.demand = {GpuDemand::Kind::whole, n, "", 0, {}};
    } else if (v) {
      j.demand.kind = GpuDemand::Kind::vgpu;
      j.demand.vgpu_type = csv.str("vgpu");
      j.demand.count =
          csv.empty("count") ? 1 : static_cast<int>(csv.integer("count", 1, 1 << 10));
    } else if (m) {
      j.demand.kind = GpuDemand::Kind::milli;
      j.demand.count = 1;
      j.demand.milli = static_cast<int>(csv.integer("gpu_milli", 1, 1000));
    }
    if (csv.has("count") && !csv.empty("count") && !v) csv.fail("count", "only with vgpu");
    if (!csv.empty("gpu_models")) {
      const std::string& models = csv.str("gpu_models");
      size_t start = 0;
      for (size_t bar; (bar = models.find('|', start)) != std::string::npos; start = bar + 1)
        j.demand.gpu_models.push_back(models.substr(start, bar - start));
      j.demand.gpu_models.push_back(models.substr(start));
    }
    if (!csv.empty("cpus")) j.cpu_milli = csv.integer("cpus", 0, 1 << 20) * 1000;
    if (!csv.empty("memory_gib"))
      j.memory_mib = std::llround(csv.number("memory_gib", 0, 1 << 30) * 1024);
    const bool d = !csv.empty("duration"), w = !csv.empty("work");
    if (d == w) csv.fail(d ? "work" : "duration", "give exactly one of duration and work");
    // work: whole-GPU seconds per GPU on the reference board; a share of a GPU takes
    // proportionally longer (docs/traces.md).
    j.duration = d ? csv.seconds("duration") : csv.seconds("work");
    j.duration_is_work = w;
    if (!csv.empty("status")) {
      const std::string& s = csv.str("status");
      if (s == "completed") j.status = TraceStatus::completed;
      else if (s == "failed") j.status = TraceStatus::failed;
      else if (s == "killed") j.status = TraceStatus::killed;
      else csv.fail("status", "unknown status '" + s + "'; known: completed, failed, killed");
    }
    out.keep(std::move(j), csv.line(), o.cpu_jobs);
  }
  out.finish();
  return out;
}

TraceJobs openb_trace_jobs(const std::vector<OpenbPod>& pods, const std::string& source,
                           const TraceReadOptions& o) {
  TraceJobs out;
  out.source = source;
  for (const OpenbPod& p : pods) {
    ++out.rows;
    if (p.deletion_time < 0) {  // still there when the trace was taken
      ++out.skipped_unfinished;
      continue;
    }
    if (p.scheduled_time < 0) {  // never ran
      ++out.skipped_no_duration;
      continue;
    }
    if (p.num_gpu == 0 && !o.cpu_jobs) {
      ++out.skipped_cpu_only;
      continue;
    }
    if (p.deletion_time < p.scheduled_time)
      throw TraceError(source + ": line " + std::to_string(p.line) +
                       ": deletion_time: before scheduled_time");
    TraceJob j;
    j.name = p.name;
    j.submit = static_cast<double>(p.creation_time);
    j.duration = static_cast<double>(p.deletion_time - p.scheduled_time);
    // Running pods were still there when the trace was cut (their deletion time is the
    // trace's end): replayed until then, as completed.
    j.status = p.pod_phase == "Failed" ? TraceStatus::failed : TraceStatus::completed;
    j.cpu_milli = p.cpu_milli;
    j.memory_mib = p.memory_mib;
    j.vc = p.qos;
    if (p.num_gpu > 0) {
      j.demand.kind = GpuDemand::Kind::milli;
      j.demand.count = p.num_gpu;
      j.demand.milli = p.gpu_milli;
      j.demand.gpu_models = p.gpu_spec;
    }
    j.line = p.line;
    out.jobs.push_back(std::move(j));
  }
  out.finish();
  return out;
}

}  // namespace vgpusim
