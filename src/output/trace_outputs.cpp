#include "vgpusim/output/trace_outputs.hpp"

#include <map>

#include "vgpusim/output/summary.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {
namespace {

void stats(JsonWriter& w, const char* key, std::vector<double> v) {
  const Stats s = describe(std::move(v));
  w.key(key).begin_object();
  w.field("count", s.count).field("mean", s.mean).field("p50", s.p50).field("p95", s.p95);
  w.field("max", s.max);
  w.end_object();
}

void group_json(JsonWriter& w, const JobGroupTotals& g) {
  w.field("jobs", g.jobs).field("done", g.done);
  stats(w, "queue_delay_s", g.queue_delay);
  stats(w, "jct_s", g.jct);
}

}  // namespace

void trace_json(JsonWriter& w, const RunResult& r) {
  const TraceReplayRecord& t = r.trace;
  const RunTotals totals = totals_of(r);
  // The three statuses always appear, with no jobs when none ended so.
  std::map<std::string, JobGroupTotals> by_status{{"completed", {}}, {"failed", {}}, {"killed", {}}};
  for (const auto& [status, g] : totals.by_trace_status) by_status[status] = g;
  const int64_t replayed = totals.replayed;
  w.key("trace").begin_object();
  w.field("format", t.format).field("rows", t.rows).field("replayed", replayed);
  w.key("skipped").begin_object();
  w.field("unfinished", t.skipped_unfinished).field("no_duration", t.skipped_no_duration);
  w.field("cpu_only", t.skipped_cpu_only);
  w.end_object();
  // How the jobs ended in the trace: failed and killed jobs are replayed for the time they
  // ran, and reported apart from the completed ones.
  w.key("by_trace_status").begin_object();
  for (const auto& [name, g] : by_status) {
    w.key(name).begin_object();
    group_json(w, g);
    w.end_object();
  }
  w.end_object();
  w.key("vcs").begin_object();
  for (size_t i = 0; i < t.vcs.size(); ++i) {
    w.key(t.vcs[i].empty() ? "(none)" : t.vcs[i]).begin_object();
    w.key("quota_gpus");
    if (t.quota_milli[i] < 0)
      w.null();
    else
      w.value(static_cast<double>(t.quota_milli[i]) / 1000.0);
    const auto g = totals.by_vc.find(t.vcs[i]);
    group_json(w, g == totals.by_vc.end() ? JobGroupTotals{} : g->second);
    w.end_object();
  }
  w.end_object();
  w.end_object();
}

}  // namespace vgpusim
