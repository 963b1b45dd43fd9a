#include "vgpusim/output/perfetto_trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <sstream>

#include "vgpusim/output/svg_chart.hpp"
#include "vgpusim/util/json_writer.hpp"

namespace vgpusim {
namespace {

/// Microseconds with nanosecond resolution, trailing zeros dropped.
std::string us(double seconds) {
  std::string s = fmt::format("{:.3f}", seconds * 1e6);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
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
  void complete(int pid, int tid, const std::string& name, const char* cat, double start,
                double end, const std::string& args) {
    event(fmt::format(
        R"({{"ph":"X","name":{},"cat":"{}","pid":{},"tid":{},"ts":{},"dur":{},"args":{{{}}}}})",
        q(name), cat, pid, tid, us(start), us(end - start), args));
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
  bool first_ = true;
};

struct Phase {
  const char* name;
  double start, end;
};

/// Phase intervals of a stage attempt from its recorded durations (StageRecord keeps
/// durations only): pull and read from the start, compute with its checkpoint pauses folded
/// in, and the output write ending at the stage's end. Time not covered by a phase (VM boot,
/// migration stun) shows as a gap inside the stage's span.
std::vector<Phase> phases(const StageRecord& s, double end) {
  std::vector<Phase> p;
  double t = s.start;
  auto add = [&](const char* name, double from, double duration) {
    const double a = std::clamp(from, s.start, end), b = std::clamp(from + duration, s.start, end);
    if (b > a) p.push_back({name, a, b});
    return b;
  };
  t = add("pull", t, s.pull_time);
  t = add("read", t, s.read_time);
  t = add(s.checkpoint_time > 0 ? "compute + checkpoints" : "compute", t,
          s.compute_time + s.checkpoint_time);
  add("write", std::max(t, end - s.write_time), s.write_time);
  return p;
}

std::string stage_args(const StageRecord& s) {
  return fmt::format(
      R"("job":{},"workflow":{},"stage":{},"kind":{},"attempt":{},"status":{},"pool":{},)"
      R"("gpus":{},"vgpu":{},"queue_delay_s":{})",
      s.job, q(s.workflow), q(s.stage), q(s.kind), s.attempt, q(to_string(s.status)), q(s.pool), q(s.gpus),
      q(s.slices), JsonWriter::format_number(s.queue_delay()));
}

}  // namespace

std::string perfetto_trace_json(const RunResult& r, const TraceLimits& limits) {
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

  // Stage attempts that ran, earliest first; the cap keeps the first ones.
  std::vector<size_t> ran;
  for (size_t i = 0; i < r.stages.size(); ++i)
    if (r.stages[i].start >= 0 && !r.stages[i].server.empty()) ran.push_back(i);
  std::stable_sort(ran.begin(), ran.end(),
                   [&](size_t a, size_t b) { return r.stages[a].start < r.stages[b].start; });
  const size_t total_ran = ran.size();
  if (ran.size() > limits.max_stages) ran.resize(limits.max_stages);

  // GPU tracks: a stage's compute span on each of its GPUs, in lanes so that stages sharing
  // a GPU (time-sliced vGPUs, milli-GPU shares) never overlap on one thread.
  std::map<std::pair<int, int>, int> gpu_tid;    // (global GPU, lane) -> tid
  std::map<int, std::vector<double>> lane_free;  // global GPU -> when each lane frees up
  std::map<int, int> next_tid;                   // pid -> next VM thread id
  for (size_t i : ran) {
    const StageRecord& s = r.stages[i];
    const double end = s.end >= 0 ? s.end : r.end_time;
    const int pid = server_pid(s.server, s.pool);
    int& vm_tid = next_tid.try_emplace(pid, 1'000'000).first->second;
    ++vm_tid;
    w.meta(
        "thread_name", pid, vm_tid,
        fmt::format(R"("name":{})", q(fmt::format("VM job {} {} #{}", s.job, s.stage, s.attempt))));
    w.meta("thread_sort_index", pid, vm_tid, fmt::format(R"("sort_index":{})", vm_tid));
    w.complete(pid, vm_tid, fmt::format("job {} {}", s.job, s.stage), "stage", s.start, end,
               stage_args(s));
    std::vector<Phase> ph = phases(s, end);
    for (const Phase& p : ph)
      w.complete(pid, vm_tid, p.name, "phase", p.start, p.end, R"("job":)" + std::to_string(s.job));
    auto compute =
        std::find_if(ph.begin(), ph.end(), [](const Phase& p) { return p.name[0] == 'c'; });
    if (compute == ph.end()) continue;
    std::stringstream gl(s.gpus);
    std::string g;
    while (std::getline(gl, g, ';')) {
      const int gpu = std::atoi(g.c_str());
      auto at = gpu_at.find(gpu);
      if (at == gpu_at.end()) continue;
      auto& lanes = lane_free[gpu];
      size_t lane = 0;
      while (lane < lanes.size() && lanes[lane] > compute->start) ++lane;
      if (lane == lanes.size()) lanes.push_back(0);
      lanes[lane] = compute->end;
      auto [tid_it, fresh] = gpu_tid.try_emplace(
          {gpu, static_cast<int>(lane)}, 1 + at->second.second * 64 + static_cast<int>(lane));
      const auto [gpid, local] = at->second;
      if (fresh) {
        w.meta("thread_name", gpid, tid_it->second,
               fmt::format(R"("name":{})", q(lane == 0 ? fmt::format("GPU {} (#{})", local, gpu)
                                                       : fmt::format("GPU {} (#{}) share {}", local,
                                                                     gpu, lane + 1))));
        w.meta("thread_sort_index", gpid, tid_it->second,
               fmt::format(R"("sort_index":{})", tid_it->second));
      }
      w.complete(gpid, tid_it->second, fmt::format("job {} {}", s.job, s.stage), "gpu",
                 compute->start, compute->end,
                 fmt::format(R"("job":{},"stage":{},"vgpu":{},"pool":{})", s.job, q(s.stage),
                             q(s.slices), q(s.pool)));
    }
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
                          name, us(x[i]), key, JsonWriter::format_number(v[i])));
  }

  std::string out = "{\"traceEvents\":[";
  out += w.out();
  out += "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":{";
  out += fmt::format(
      R"("generator":"vgpusim {}","scenario":{},"seed":{},"policy":{},"time":"simulated",)",
      VGPUSIM_VERSION, q(r.scenario), r.seed, q(r.policy));
  out += fmt::format(
      R"("stages_run":{},"stages_in_trace":{},"timeline_rows":{},"counters_binned":{},)", total_ran,
      ran.size(), r.timeline.size(), binned ? "true" : "false");
  out += fmt::format(
      R"("note":{}}})",
      q(fmt::format("phases are derived from per-stage durations; checkpoints are folded into "
                    "compute{}",
                    total_ran > ran.size()
                        ? fmt::format("; only the first {} of {} stage attempts (by start time) "
                                      "are included",
                                      ran.size(), total_ran)
                        : "")));
  return out + "\n}\n";
}

}  // namespace vgpusim
