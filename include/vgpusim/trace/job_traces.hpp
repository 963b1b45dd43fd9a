#pragma once
// Parsers of the GPU-cluster job logs a scenario can replay (docs/traces.md lists every
// column, its unit and whether it is used). Each reads its file(s) into TraceJobs, sorted
// by submit time with the first submission at 0, and throws TraceError
// ("FILE: line N: column: message") on the first malformed row. Engine-free.
#include <iosfwd>
#include <string>

#include "vgpusim/trace/alibaba_openb.hpp"
#include "vgpusim/trace/trace_job.hpp"

namespace vgpusim {

/// What the parsers keep: CPU-only jobs are replayed only when asked (the GPU trace
/// studies leave them out, and they are most of some Helios clusters' rows).
struct TraceReadOptions {
  bool cpu_jobs = false;
};

/// Helios artifact `cluster_log.csv` (SenseTime Venus/Earth/Saturn/Uranus, and Philly in
/// the same shape).
TraceJobs parse_helios(std::istream& in, const std::string& source, const TraceReadOptions& o);

/// Alibaba PAI 2020 `pai_task_table.csv`, with `pai_job_table.csv` for users and submit
/// times when given (job_table may be null).
TraceJobs parse_pai_2020(std::istream& tasks, const std::string& tasks_source, std::istream* jobs,
                         const std::string& jobs_source, const TraceReadOptions& o);

/// The generic job CSV for a planner's own log.
TraceJobs parse_generic_jobs(std::istream& in, const std::string& source,
                             const TraceReadOptions& o);

/// Alibaba openb pods as timed jobs: arrive at creation, run from scheduling to deletion.
TraceJobs openb_trace_jobs(const std::vector<OpenbPod>& pods, const std::string& source,
                           const TraceReadOptions& o);

/// Opens `path` for a parser; throws TraceError naming it when it cannot be read.
std::ifstream open_trace(const std::string& path);

}  // namespace vgpusim
