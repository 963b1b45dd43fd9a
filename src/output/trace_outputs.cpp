#include "vgpusim/output/trace_outputs.hpp"

#include <map>

#include "vgpusim/output/summary.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {
namespace {

struct Group {
  int64_t jobs = 0, done = 0;
  std::vector<double> queue_delay, jct;  // started / done jobs
};

void add(Group& g, const JobRecord& j) {
  ++g.jobs;
  if (j.start >= 0) g.queue_delay.push_back(j.queue_delay);
  if (j.status == JobStatus::done) {
    ++g.done;
    g.jct.push_back(j.jct());
  }
}

void stats(JsonWriter& w, const char* key, std::vector<double> v) {
  const Stats s = describe(std::move(v));
  w.key(key).begin_object();
  w.field("count", s.count).field("mean", s.mean).field("p50", s.p50).field("p95", s.p95);
  w.field("max", s.max);
  w.end_object();
}

void group_json(JsonWriter& w, const Group& g) {
  w.field("jobs", g.jobs).field("done", g.done);
  stats(w, "queue_delay_s", g.queue_delay);
  stats(w, "jct_s", g.jct);
}

}  // namespace

void trace_json(JsonWriter& w, const RunResult& r) {
  const TraceReplayRecord& t = r.trace;
  std::map<std::string, Group> by_status{{"completed", {}}, {"failed", {}}, {"killed", {}}};
  std::vector<Group> by_vc(t.vcs.size());
  std::map<std::string, size_t> vc_index;
  for (size_t i = 0; i < t.vcs.size(); ++i) vc_index.emplace(t.vcs[i], i);
  int64_t replayed = 0;
  for (const JobRecord& j : r.jobs) {
    if (j.trace_status.empty() || j.status == JobStatus::not_arrived) continue;
    ++replayed;
    add(by_status[j.trace_status], j);
    add(by_vc[vc_index.at(j.vc)], j);
  }
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
    group_json(w, by_vc[i]);
    w.end_object();
  }
  w.end_object();
  w.end_object();
}

}  // namespace vgpusim
