// The figures summary.json derives from every record, folded in one record at a time.
#include <algorithm>

#include "vgpusim/output/run_result.hpp"

namespace vgpusim {

void JobGroupTotals::add(const JobRecord& j) {
  ++jobs;
  if (j.start >= 0) queue_delay.push_back(j.queue_delay);
  if (j.status == JobStatus::done) {
    ++done;
    jct.push_back(j.jct());
  }
}

void RunTotals::add(const JobRecord& j) {
  if (j.status == JobStatus::not_arrived) return;
  ++jobs_submitted;
  first_submit = std::min(first_submit, j.submit);
  if (j.status == JobStatus::done) {
    ++jobs_done;
    jct.push_back(j.jct());
    last_end = std::max(last_end, j.end);
  } else if (j.status == JobStatus::failed) {
    ++jobs_failed;
  } else {
    ++jobs_unfinished;
  }
  if (j.trace_status.empty()) return;
  ++replayed;
  by_trace_status[j.trace_status].add(j);
  by_vc[j.vc].add(j);
}

void RunTotals::add(const StageRecord& s) {
  if (s.status == StageStatus::done) ++stages_done;
  if (s.status == StageStatus::rejected) ++stages_rejected;
  if (s.start >= 0) queue_delay.push_back(s.queue_delay());
}

void RunTotals::add(const TimelinePoint& p) {
  ++timeline_points;
  peak_allocated_milli = std::max(peak_allocated_milli, p.allocated_milli);
  peak_fragmented_milli = std::max(peak_fragmented_milli, p.fragmented_milli);
}

RunTotals totals_of(const RunResult& r) {
  if (r.totals) return *r.totals;
  RunTotals t;
  for (const JobRecord& j : r.jobs) t.add(j);
  for (const StageRecord& s : r.stages) t.add(s);
  for (const TimelinePoint& p : r.timeline) t.add(p);
  return t;
}

}  // namespace vgpusim
