#pragma once
// One job of a replayed GPU-cluster job log (docs/traces.md), whatever trace it came from:
// Helios/Philly `cluster_log.csv`, Alibaba PAI 2020, Alibaba openb pods, or the generic
// job CSV. The parsers (helios_trace.hpp, pai_trace.hpp, generic_trace.hpp and the openb
// pod conversion) all produce these; the importer turns them into `replay` stages.
// Engine-free.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vgpusim/cluster/slicing.hpp"

namespace vgpusim {

/// How the job ended in the trace. A failed or killed job is replayed for the time it
/// ran before it ended, and counted apart (summary.json `trace`).
enum class TraceStatus { completed, failed, killed };
std::string_view to_string(TraceStatus s);

struct TraceJob {
  std::string name;  // job id or name in the trace
  std::string user;
  std::string vc;        // virtual cluster / queue ("" when the trace has none)
  std::string workflow;  // generic CSV only: the workflow it counts for ("" otherwise)
  double submit = 0;     // seconds since the first submission of the trace
  GpuDemand demand;      // Kind::none for CPU-only jobs
  int64_t cpu_milli = 0;   // 0: the stage default
  int64_t memory_mib = 0;  // 0: the stage default
  double duration = 0;     // seconds it ran, on the trace's reference board
  bool duration_is_work = false;  // generic `work`: whole-GPU seconds, not time at its share
  TraceStatus status = TraceStatus::completed;
  int nodes = 0;  // servers it ran on, when the trace says (Helios node_num); 0 unknown
  int line = 0;   // in its file, for messages
};

/// What a parser read: the jobs, sorted by submit time (ties: file order), and the rows it
/// left out on purpose (documented per format in docs/traces.md).
struct TraceJobs {
  std::vector<TraceJob> jobs;
  std::string source;  // the file, for messages about its rows
  int64_t rows = 0;               // data rows read
  int64_t skipped_unfinished = 0; // still running / queued when the trace was cut
  int64_t skipped_no_duration = 0;  // no run time to replay
  int64_t skipped_cpu_only = 0;     // no GPU asked (TraceReadOptions::cpu_jobs false)
  /// The end of a parsed row: `j` (from line `line`) joins the jobs, unless it asks for no
  /// GPU and CPU-only jobs are not replayed (`cpu_jobs` false): then it is counted skipped.
  void keep(TraceJob j, int line, bool cpu_jobs);
  /// Sorts the jobs by submit time (stable) and shifts the times so that the first job
  /// arrives at 0.
  void finish();
};

}  // namespace vgpusim
