#include "vgpusim/output/perfetto_trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "vgpusim/output/svg_chart.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {
namespace {

/// Simulated seconds as integer nanoseconds. Every instant is rounded once, and a slice's
/// duration is the difference of its rounded ends, so slices that meet in the simulation
/// meet exactly in the trace (rounding start and duration apart made them overlap by 1 ns,
/// and Perfetto drops overlapping complete events).
int64_t ns(double seconds) {
  return std::llround(seconds * 1e9);
}

/// Integer nanoseconds written as exact decimal microseconds (the trace-event unit).
std::string us(int64_t t) {
  const char* sign = t < 0 ? "-" : "";
  const int64_t a = std::llabs(t);
  std::string s = fmt::format("{}{}.{:03}", sign, a / 1000, a % 1000);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string q(std::string_view s) {
  return JsonWriter::escape(s);
}

class TraceWriter {
 public:
  void event(const std::string& body) {
    out_ += first_ ? "\n" : ",\n";
    out_ += body;
    first_ = false;
  }
  void meta(const char* what, int pid, int tid, const std::string& args) {
    event(fmt::format(R"({{"ph":"M","name":{},"pid":{},"tid":{},"args":{{{}}}}})", q(what), pid,
                      tid, args));
  }
  void thread(int pid, int tid, const std::string& name) {
    meta("thread_name", pid, tid, fmt::format(R"("name":{})", q(name)));
    meta("thread_sort_index", pid, tid, fmt::format(R"("sort_index":{})", tid));
  }
  void complete(int pid, int tid, const std::string& name, const char* cat, int64_t start,
                int64_t end, const std::string& args) {
    event(fmt::format(
        R"({{"ph":"X","name":{},"cat":"{}","pid":{},"tid":{},"ts":{},"dur":{},"args":{{{}}}}})",
        q(name), cat, pid, tid, us(start), us(end - start), args));
  }
  size_t size() const { return out_.size(); }
  std::string& out() { return out_; }

 private:
  std::string out_;
  bool first_ = true;
};

struct Phase {
  const char* name;
  int64_t start, end;
};

/// Phase intervals of a stage attempt from its recorded durations (StageRecord keeps
/// durations only): pull and read from the start, compute with its checkpoint pauses folded
/// in, and the output write ending at the stage's end, all clipped to the stage. Time not
/// covered by a phase (VM boot, migration stun) shows as a gap inside the stage.
std::vector<Phase> phases(const StageRecord& s, double end) {
  std::vector<Phase> p;
  const int64_t lo = ns(s.start), hi = ns(end);
  auto add = [&](const char* name, double from, double duration) {
    const int64_t a = std::clamp(ns(from), lo, hi), b = std::clamp(ns(from + duration), lo, hi);
    if (b > a) p.push_back({name, a, b});
    return from + duration;
  };
  double t = s.start;
  t = add("pull", t, s.pull_time);
  t = add("read", t, s.read_time);
  t = add(s.checkpoint_time > 0 ? "compute + checkpoints" : "compute", t,
          s.compute_time + s.checkpoint_time);
  // The write ends at the stage's end; it starts no earlier than the phases before it end.
  const double write_from = std::max(t, end - s.write_time);
  add("write", write_from, end - write_from);
  return p;
}

std::string_view ended(const StageRecord& s, const PlacementInterval& iv) {
  return iv.migrated ? "migrated" : to_string(s.status);
}

std::string stage_args(const StageRecord& s, const PlacementInterval& iv) {
  return fmt::format(
      R"("job":{},"workflow":{},"stage":{},"kind":{},"attempt":{},"status":{},"pool":{},)"
      R"("gpus":{},"vgpu":{},"vm":{},"ended":{},"queue_delay_s":{})",
      s.job, q(s.workflow), q(s.stage), q(s.kind), s.attempt, q(to_string(s.status)), q(iv.pool),
      q(iv.gpus), q(iv.slices), q(iv.vm), q(ended(s, iv)), JsonWriter::format_number(s.queue_delay()));
}

std::vector<int> gpu_list(const std::string& gpus) {
  std::vector<int> v;
  std::stringstream ss(gpus);
  for (std::string g; std::getline(ss, g, ';');)
    if (!g.empty()) v.push_back(std::atoi(g.c_str()));
  return v;
}

/// The placement intervals to draw: the run's, or one per stage attempt that ran when the
/// run recorded none (results written before placements.csv existed).
std::vector<PlacementInterval> intervals_of(const RunResult& r) {
  if (!r.placements.empty()) return r.placements;
  std::vector<PlacementInterval> v;
  for (size_t i = 0; i < r.stages.size(); ++i) {
    const StageRecord& s = r.stages[i];
    if (s.start < 0 || s.server.empty()) continue;
    PlacementInterval iv;
    iv.stage = i, iv.server = s.server, iv.pool = s.pool, iv.gpus = s.gpus, iv.slices = s.slices;
    iv.from = s.start, iv.to = s.end >= 0 ? s.end : r.end_time;
    v.push_back(std::move(iv));
  }
  return v;
}

/// Threads of one server: GPU lanes and CPU lanes (stages without GPUs). A lane is reused
/// by the next VM that starts after the previous one on it ended, so a server has as many
/// threads per GPU as VMs ever overlapped on that GPU.
class Lanes {
 public:
  /// The thread of a free lane of `gpu` (-1: the server's CPU lanes) at `from`, busy to `to`.
  int take(TraceWriter& w, int pid, int gpu, int local, int64_t from, int64_t to) {
    auto& lanes = free_at_[{pid, gpu}];
    size_t lane = 0;
    while (lane < lanes.size() && lanes[lane] > from) ++lane;
    if (lane == lanes.size()) lanes.push_back(0);
    lanes[lane] = to;
    // GPU i's lanes are tids 1 + i*1000 + lane; CPU lanes come after every GPU's.
    const int tid = gpu >= 0 ? 1 + local * 1000 + static_cast<int>(lane)
                             : 1'000'000 + static_cast<int>(lane);
    if (named_.insert({pid, tid}).second) {
      const std::string base =
          gpu >= 0 ? fmt::format("GPU {} (#{})", local, gpu) : std::string("CPU-only VMs");
      w.thread(pid, tid, lane == 0 ? base : fmt::format("{} lane {}", base, lane + 1));
    }
    return tid;
  }

 private:
  std::map<std::pair<int, int>, std::vector<int64_t>> free_at_;
  std::set<std::pair<int, int>> named_;
};

}  // namespace

std::string perfetto_trace_json(const RunResult& r, const TraceLimits& limits, TraceStats* stats) {
  TraceWriter w;
  // Processes: 0 = the cluster's counters, then one per server in gpus.csv order.
  std::map<std::string, int> pid_of;
  std::map<int, std::pair<int, int>> gpu_at;  // global GPU -> (pid, index on its server)
  std::map<int, int> gpus_on;                 // pid -> GPUs seen
  auto server_pid = [&](const std::string& server, const std::string& pool) {
    auto [it, fresh] = pid_of.try_emplace(server, static_cast<int>(pid_of.size()) + 1);
    if (fresh) {
      w.meta("process_name", it->second, 0,
             fmt::format(R"("name":{})", q(fmt::format("server {} ({})", server, pool))));
      w.meta("process_sort_index", it->second, 0, fmt::format(R"("sort_index":{})", it->second));
    }
    return it->second;
  };
  for (const auto& g : r.gpus)
    gpu_at[g.index] = {server_pid(g.server, g.pool), gpus_on[pid_of[g.server]]++};

  // Intervals in the order they began; the size cap keeps the earliest.
  std::vector<PlacementInterval> ivs = intervals_of(r);
  std::vector<size_t> order(ivs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return ivs[a].from < ivs[b].from; });
  std::set<size_t> stages_run, stages_drawn;
  for (const auto& iv : ivs) stages_run.insert(iv.stage);

  Lanes lanes;
  std::map<size_t, std::vector<Phase>> phases_of;     // stage -> its phases
  std::map<size_t, std::pair<int, int>> drawn_at;     // interval -> (pid, tid) of its first lane
  std::map<size_t, std::vector<size_t>> of_stage;     // stage -> its intervals drawn, in order
  bool capped = false;
  for (size_t i : order) {
    if (w.size() > limits.max_bytes && !drawn_at.empty()) {  // at least one is drawn
      capped = true;
      break;
    }
    const PlacementInterval& iv = ivs[i];
    const StageRecord& s = r.stages[iv.stage];
    const double stage_end = s.end >= 0 ? s.end : r.end_time;
    auto ph = phases_of.try_emplace(iv.stage, phases(s, stage_end)).first;
    const int64_t from = ns(iv.from), to = std::max(from, ns(iv.to));
    const int pid = server_pid(iv.server, iv.pool);
    std::vector<int> gpus = gpu_list(iv.gpus);
    std::vector<std::pair<int, int>> threads;  // (tid, global GPU or -1)
    for (int g : gpus)
      if (auto at = gpu_at.find(g); at != gpu_at.end())
        threads.push_back({lanes.take(w, at->second.first, g, at->second.second, from, to), g});
    if (threads.empty()) threads.push_back({lanes.take(w, pid, -1, 0, from, to), -1});
    const std::string name = fmt::format("job {} {}", s.job, s.stage);
    const std::string args = stage_args(s, iv);
    for (auto [tid, g] : threads) {
      const int tpid = g >= 0 ? gpu_at[g].first : pid;
      w.complete(tpid, tid, name, "vm", from, to, args);
      for (const Phase& p : ph->second) {
        const int64_t a = std::max(p.start, from), b = std::min(p.end, to);
        if (b > a) w.complete(tpid, tid, p.name, "phase", a, b, R"("job":)" + std::to_string(s.job));
      }
    }
    drawn_at[i] = {threads[0].second >= 0 ? gpu_at[threads[0].second].first : pid,
                   threads[0].first};
    of_stage[iv.stage].push_back(i);
    stages_drawn.insert(iv.stage);
  }

  // Migrations: an arrow from the VM's slice on the source to its slice on the destination.
  for (const auto& [stage, list] : of_stage)
    for (size_t k = 0; k + 1 < list.size(); ++k) {
      const PlacementInterval& src = ivs[list[k]];
      if (!src.migrated) continue;
      const int64_t to = ns(src.to), from = ns(src.from);
      int64_t start = to > from ? to - 1 : from;  // inside the source slice
      std::string args;
      if (src.migration >= 0 && static_cast<size_t>(src.migration) < r.migrations.size()) {
        const MigrationRecord& m = r.migrations[static_cast<size_t>(src.migration)];
        start = std::clamp(ns(m.start), from, std::max(from, to - 1));
        args = fmt::format(R"(,"args":{{"reason":{},"total_s":{},"downtime_s":{}}})", q(m.reason),
                           JsonWriter::format_number(m.total()),
                           JsonWriter::format_number(m.downtime));
      }
      const auto [spid, stid] = drawn_at[list[k]];
      const auto [dpid, dtid] = drawn_at[list[k + 1]];
      const size_t id = list[k] + 1;
      w.event(fmt::format(
          R"({{"ph":"s","name":"migration","cat":"migration","id":{},"pid":{},"tid":{},"ts":{}{}}})",
          id, spid, stid, us(start), args));
      w.event(fmt::format(
          R"({{"ph":"f","bp":"e","name":"migration","cat":"migration","id":{},"pid":{},"tid":{},"ts":{}}})",
          id, dpid, dtid, us(ns(ivs[list[k + 1]].from))));
    }

  // Cluster events as instants on their server's process (on the cluster when unknown).
  for (const ClusterEvent& e : r.events) {
    const std::string server = e.target.substr(0, e.target.find('/'));
    auto it = pid_of.find(server);
    w.event(fmt::format(
        R"({{"ph":"i","s":"{}","name":{},"cat":"event","pid":{},"tid":0,"ts":{},"args":{{"target":{}}}}})",
        it == pid_of.end() ? "g" : "p", q(fmt::format("{} {}", to_string(e.kind), e.target)),
        it == pid_of.end() ? 0 : it->second, us(ns(e.time)), q(e.target)));
  }

  // Counters on the cluster process: allocation, busy GPUs, queue.
  w.meta("process_name", 0, 0, R"("name":"cluster")");
  w.meta("process_sort_index", 0, 0, R"("sort_index":0)");
  std::vector<double> t, alloc, busy, queue, running;
  for (const auto& p : r.timeline) {
    t.push_back(p.time), alloc.push_back(p.allocated_milli / 1000.0), busy.push_back(p.busy_gpus);
    queue.push_back(p.queue_length), running.push_back(p.running_stages);
  }
  const bool binned = t.size() > limits.max_counter_points;
  auto series = [&](const std::vector<double>& y) {
    return binned ? svg::resample_step(t, y, 0, std::max(r.end_time, t.back()),
                                       static_cast<int>(limits.max_counter_points))
                  : std::pair{t, y};
  };
  for (auto [name, key, y] : {std::tuple{"allocated GPUs", "allocated", &alloc},
                              {"busy GPUs", "busy", &busy},
                              {"queue length", "waiting", &queue},
                              {"running stages", "running", &running}}) {
    if (t.empty()) break;
    const auto [x, v] = series(*y);
    for (size_t i = 0; i < x.size(); ++i)
      w.event(fmt::format(R"({{"ph":"C","name":"{}","pid":0,"tid":0,"ts":{},"args":{{"{}":{}}}}})",
                          name, us(ns(x[i])), key, JsonWriter::format_number(v[i])));
  }

  std::string cap_note;
  if (capped)
    cap_note = fmt::format(
        "; the trace reached its size cap of {} MiB (outputs.trace_max_size): only the first "
        "{} of {} stage attempts (by start) are included",
        limits.max_bytes >> 20, stages_drawn.size(), stages_run.size());
  if (stats) *stats = {stages_run.size(), stages_drawn.size(), capped};
  std::string out = "{\"traceEvents\":[";
  out += w.out();
  out += "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{";
  out += fmt::format(
      R"("generator":"vgpusim {}","scenario":{},"seed":{},"policy":{},"time":"simulated",)",
      VGPUSIM_VERSION, q(r.scenario), r.seed, q(r.policy));
  out += fmt::format(
      R"("stages_run":{},"stages_in_trace":{},"intervals":{},"timeline_rows":{},"counters_binned":{},"capped":{},)",
      stages_run.size(), stages_drawn.size(), drawn_at.size(), r.timeline.size(),
      binned ? "true" : "false", capped ? "true" : "false");
  out += fmt::format(
      R"("note":{}}})",
      q("times are integer nanoseconds written as microseconds; phases are derived from "
        "per-stage durations and clipped to the stage; checkpoints are folded into compute" +
        cap_note));
  return out + "\n}\n";
}

}  // namespace vgpusim
