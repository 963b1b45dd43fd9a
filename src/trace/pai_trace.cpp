// The Alibaba PAI 2020 GPU trace (Weng et al., NSDI'22; github.com/alibaba/clusterdata,
// cluster-trace-gpu-v2020): pai_task_table.csv rows are the replayed jobs, pai_job_table.csv
// gives their user and submission. Both ship without a header (the column order is the
// trace's schema); a file with a header is read by name. docs/traces.md.
#include <cmath>
#include <istream>
#include <map>
#include <unordered_map>

#include "vgpusim/trace/job_traces.hpp"
#include "vgpusim/trace/trace_csv.hpp"

namespace vgpusim {
namespace {

struct PaiJob {
  std::string user;
  double start = -1;
};

std::unordered_map<std::string, PaiJob> read_pai_jobs(std::istream& in, const std::string& source) {
  const std::vector<std::string> cols{"job_name", "inst_id", "user", "status", "start_time",
                                      "end_time"};
  TraceCsv csv(in, source, {"job_name", "user", "start_time"}, cols);
  std::unordered_map<std::string, PaiJob> out;
  while (csv.next()) {
    PaiJob j;
    j.user = csv.str("user");
    if (!csv.empty("start_time")) j.start = csv.number("start_time", 0, 1e12);
    out.emplace(csv.str("job_name"), std::move(j));
  }
  return out;
}

}  // namespace

TraceJobs parse_pai_2020(std::istream& tasks, const std::string& tasks_source, std::istream* jobs,
                         const std::string& jobs_source, const TraceReadOptions& o) {
  std::unordered_map<std::string, PaiJob> by_name;
  if (jobs) by_name = read_pai_jobs(*jobs, jobs_source);
  const std::vector<std::string> cols{"job_name", "task_name",  "inst_num", "status",
                                      "start_time", "end_time", "plan_cpu", "plan_mem",
                                      "plan_gpu", "gpu_type"};
  TraceCsv csv(tasks, tasks_source,
               {"job_name", "task_name", "inst_num", "status", "start_time", "end_time",
                "plan_gpu"},
               cols);
  TraceJobs out;
  out.source = tasks_source;
  while (csv.next()) {
    ++out.rows;
    const std::string& status = csv.str("status");
    TraceJob j;
    if (status == "Terminated") {
      j.status = TraceStatus::completed;
    } else if (status == "Failed") {
      j.status = TraceStatus::failed;
    } else if (status == "Running" || status == "Waiting") {
      ++out.skipped_unfinished;
      continue;
    } else {
      csv.fail("status", "unknown status '" + status + "'; known: Terminated, Failed, Running, "
                         "Waiting");
    }
    if (csv.empty("start_time") || csv.empty("end_time")) {
      ++out.skipped_no_duration;
      continue;
    }
    const double start = csv.number("start_time", 0, 1e12);
    const double end = csv.number("end_time", 0, 1e12);
    if (end < start) csv.fail("end_time", "before start_time");
    j.duration = end - start;
    j.name = csv.str("job_name") + "/" + csv.str("task_name");
    j.submit = start;
    if (auto it = by_name.find(csv.str("job_name")); it != by_name.end()) {
      j.user = it->second.user;
      if (it->second.start >= 0 && it->second.start <= start) j.submit = it->second.start;
    }
    const auto instances = static_cast<int>(csv.integer("inst_num", 1, 1 << 20));
    // plan_gpu: percent of one GPU per instance (50 = half a GPU, 200 = two GPUs).
    const double plan_gpu = csv.empty("plan_gpu") ? 0 : csv.number("plan_gpu", 0, 1e5);
    if (!csv.empty("plan_cpu")) j.cpu_milli = std::llround(csv.number("plan_cpu", 0, 1e7) * 10);
    if (!csv.empty("plan_mem"))
      j.memory_mib = std::llround(csv.number("plan_mem", 0, 1e7) * 1024);
    j.line = csv.line();
    if (plan_gpu <= 0) {
      if (!o.cpu_jobs) {
        ++out.skipped_cpu_only;
        continue;
      }
    } else if (plan_gpu < 100 && instances == 1) {
      j.demand.kind = GpuDemand::Kind::milli;
      j.demand.count = 1;
      j.demand.milli = static_cast<int>(std::lround(plan_gpu * 10));
    } else if (plan_gpu < 100) {
      // Fractional instances of one task: each is its own job on a shared GPU (a gang of
      // shares is not expressible as one placement).
      j.demand.kind = GpuDemand::Kind::milli;
      j.demand.count = 1;
      j.demand.milli = static_cast<int>(std::lround(plan_gpu * 10));
      for (int k = 0; k < instances; ++k) {
        TraceJob copy = j;
        copy.name += "#" + std::to_string(k);
        out.jobs.push_back(std::move(copy));
      }
      continue;
    } else {
      // Whole GPUs per instance (rounded up): the instances as one gang of whole GPUs.
      j.demand.kind = GpuDemand::Kind::whole;
      j.demand.count = instances * static_cast<int>(std::ceil(plan_gpu / 100.0 - 1e-9));
      j.cpu_milli *= instances;
      j.memory_mib *= instances;
    }
    out.jobs.push_back(std::move(j));
  }
  out.finish();
  return out;
}

}  // namespace vgpusim
