// The Helios artifact's cluster_log.csv (Hu et al., SC'21; github.com/S-Lab-System-Group/
// HeliosData): one row per job. Columns and what is used: docs/traces.md.
#include <cmath>
#include <fstream>
#include <istream>
#include <map>

#include "vgpusim/trace/job_traces.hpp"
#include "vgpusim/trace/trace_csv.hpp"

namespace vgpusim {
namespace {

enum class Ending { completed, failed, killed, unfinished };

// Slurm states (the four SenseTime clusters) and Philly's (Pass / Failed / Killed).
const std::map<std::string, Ending>& helios_states() {
  static const std::map<std::string, Ending> m{
      {"COMPLETED", Ending::completed}, {"Pass", Ending::completed},
      {"FAILED", Ending::failed},       {"NODE_FAIL", Ending::failed},
      {"TIMEOUT", Ending::failed},      {"OUT_OF_MEMORY", Ending::failed},
      {"Failed", Ending::failed},       {"CANCELLED", Ending::killed},
      {"PREEMPTED", Ending::killed},    {"Killed", Ending::killed},
      {"RUNNING", Ending::unfinished},  {"PENDING", Ending::unfinished},
      {"SUSPENDED", Ending::unfinished}, {"Running", Ending::unfinished}};
  return m;
}

std::string known_states() {
  std::string r;
  for (const auto& [k, v] : helios_states()) r += (r.empty() ? "" : ", ") + k;
  return r;
}

}  // namespace

std::ifstream open_trace(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw TraceError(path + ": cannot open the trace file");
  return f;
}

TraceJobs parse_helios(std::istream& in, const std::string& source, const TraceReadOptions& o) {
  TraceCsv csv(in, source, {"vc", "gpu_num", "state", "submit_time"});
  const bool has_duration = csv.has("duration");
  if (!has_duration && !(csv.has("start_time") && csv.has("end_time")))
    csv.fail("header", "needs a `duration` column, or `start_time` and `end_time`");
  TraceJobs out;
  out.source = source;
  while (csv.next()) {
    ++out.rows;
    const auto st = helios_states().find(csv.str("state"));
    if (st == helios_states().end())
      csv.fail("state", "unknown state '" + csv.str("state") + "'; known: " + known_states());
    if (st->second == Ending::unfinished) {
      ++out.skipped_unfinished;
      continue;
    }
    TraceJob j;
    j.name = csv.has("job_id") ? csv.str("job_id") : csv.str("jobname");
    j.user = csv.str("user");
    j.vc = csv.str("vc");
    j.submit = csv.datetime("submit_time");
    j.status = st->second == Ending::completed ? TraceStatus::completed
               : st->second == Ending::failed  ? TraceStatus::failed
                                               : TraceStatus::killed;
    const auto gpus = static_cast<int>(csv.integer("gpu_num", 0, 1 << 20));
    if (csv.has("cpu_num") && !csv.empty("cpu_num"))
      j.cpu_milli = csv.integer("cpu_num", 0, 1 << 20) * 1000;
    if (csv.has("node_num") && !csv.empty("node_num"))
      j.nodes = static_cast<int>(csv.integer("node_num", 0, 1 << 20));
    if (has_duration && !csv.empty("duration")) {
      j.duration = csv.seconds("duration");
    } else if (!csv.empty("start_time") && !csv.empty("end_time")) {
      j.duration = csv.datetime("end_time") - csv.datetime("start_time");
      if (j.duration < 0) csv.fail("end_time", "before start_time");
    } else if (j.status == TraceStatus::killed) {
      j.duration = 0;  // cancelled while it waited: it never ran
    } else {
      ++out.skipped_no_duration;
      continue;
    }
    if (gpus > 0) {
      j.demand.kind = GpuDemand::Kind::whole;
      j.demand.count = gpus;
    }
    out.keep(std::move(j), csv.line(), o.cpu_jobs);
  }
  out.finish();
  return out;
}

}  // namespace vgpusim
