#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include "vgpusim/output/mobility_output.hpp"
#include "vgpusim/output/perfetto_trace.hpp"
#include "vgpusim/output/report_data.hpp"
#include "vgpusim/output/report_html.hpp"
#include "vgpusim/output/run_outputs.hpp"
#include "vgpusim/output/service_outputs.hpp"

using namespace vgpusim;

namespace {

StageRecord stage(int64_t job, const char* gpus, double start, double end) {
  StageRecord s;
  s.job = job;
  s.workflow = "wf";
  s.stage = "train";
  s.kind = "train";
  s.status = StageStatus::done;
  s.server = "s0";
  s.pool = "p";
  s.gpus = gpus;
  s.slices = "A100D-40C";
  s.gpu_count = 1;
  s.start = start;
  s.end = end;
  return s;
}

/// Two GPUs on one server; jobs 1 and 2 share GPU 0 for a while, job 3 is never placed.
RunResult small_run() {
  RunResult r;
  r.scenario = "tiny";
  r.seed = 7;
  r.policy = "first-fit";
  r.queue = "fifo";
  r.end_time = 100;
  r.total_gpus = 2;
  for (int i = 0; i < 2; ++i) {
    GpuRecord g;
    g.index = i, g.server = "s0", g.pool = "p", g.model = "A100-PCIe-80GB", g.mode = "vgpu";
    g.allocated_time = 50.0 * (i + 1), g.busy_time = 20;
    r.gpus.push_back(g);
  }
  StageRecord a = stage(1, "0", 10, 60);
  a.pull_time = 5, a.read_time = 5, a.compute_time = 30, a.checkpoint_time = 4, a.write_time = 2;
  StageRecord b = stage(2, "0;1", 20, 90);
  b.compute_time = 60;
  StageRecord c = stage(3, "", 0, -1);
  c.start = -1, c.status = StageStatus::rejected;
  r.stages = {a, b, c};
  r.jobs = {{1, "wf", JobStatus::done, 0, 10, 60, 1, 10, "", ""}, {2, "wf", JobStatus::done, 5, 20, 90, 1, 15, "", ""}};
  r.timeline = {{0, 0, 0, 1, 0, 0, {0}, {0}},
                {10, 500, 0.5, 0, 1, 0, {500}, {0}},
                {20, 1500, 1, 0, 2, 0, {1500}, {0}}};
  r.pools = {{"p", "A100-PCIe-80GB", 1, 2, 3.6e6, 0.05, 1.5}};
  r.energy_j = 3.6e6;
  return r;
}

std::vector<YAML::Node> events(const YAML::Node& root, const std::string& ph) {
  std::vector<YAML::Node> out;
  for (const auto& e : root["traceEvents"])
    if (e["ph"].as<std::string>() == ph) out.push_back(e);
  return out;
}

}  // namespace

TEST_CASE("Report trace: Chrome trace-event structure", "[report]") {
  const RunResult r = small_run();
  const YAML::Node root = YAML::Load(perfetto_trace_json(r));
  SECTION("threads: GPU lanes in a process per server, reused once a VM has left") {
    RunResult t = r;
    t.stages.push_back(stage(4, "0", 70, 80));
    std::set<std::string> threads, processes;
    for (const auto& m : events(YAML::Load(perfetto_trace_json(t)), "M")) {
      if (m["name"].as<std::string>() == "thread_name")
        threads.insert(m["args"]["name"].as<std::string>());
      if (m["name"].as<std::string>() == "process_name")
        processes.insert(m["args"]["name"].as<std::string>());
    }
    CHECK(processes == std::set<std::string>{"cluster", "server s0 (p)"});
    // Job 2 overlaps job 1 on GPU 0: a second lane; job 4 starts after job 1 left: lane 1.
    CHECK(threads == std::set<std::string>{"GPU 0 (#0)", "GPU 0 (#0) lane 2", "GPU 1 (#1)"});
  }
  SECTION("phases follow each other inside the stage's span, in microseconds") {
    std::map<std::string, std::pair<double, double>> job1;
    for (const auto& e : events(root, "X")) {
      if (e["args"]["job"].as<int>() != 1) continue;
      job1[e["name"].as<std::string>()] = {e["ts"].as<double>(), e["dur"].as<double>()};
    }
    CHECK(job1.at("job 1 train") == std::pair{10e6, 50e6});
    CHECK(job1.at("pull") == std::pair{10e6, 5e6});
    CHECK(job1.at("read") == std::pair{15e6, 5e6});
    CHECK(job1.at("compute + checkpoints") == std::pair{20e6, 34e6});
    CHECK(job1.at("write") == std::pair{58e6, 2e6});
  }
  SECTION("times are whole nanoseconds; a slice ends where the next one on its lane begins") {
    RunResult t = r;
    t.stages = {stage(1, "0", 0.1234567891, 0.3000000004), stage(2, "0", 0.3000000004, 0.5)};
    const YAML::Node tr = YAML::Load(perfetto_trace_json(t));
    std::vector<std::pair<std::string, std::string>> vm;
    for (const auto& e : events(tr, "X"))
      if (e["cat"].as<std::string>() == "vm")
        vm.push_back({e["ts"].as<std::string>(), e["dur"].as<std::string>()});
    REQUIRE(vm.size() == 2);
    CHECK(vm[0] == std::pair<std::string, std::string>{"123456.789", "176543.211"});
    CHECK(vm[1].first == "300000");  // 123456.789 + 176543.211: no 1 ns overlap
  }
  SECTION("a migrated stage: one slice per interval, an arrow from source to destination") {
    RunResult t = r;
    t.stages = {stage(1, "1", 10, 60)};
    t.gpus[1].server = "s1";
    t.placements = {{0, "vm-1", "s0", "p", "0", "A100D-40C", 10, 30, true, 0},
                    {0, "vm-1", "s1", "p", "1", "A100D-40C", 30, 60, false, -1}};
    MigrationRecord m;
    m.job = 1, m.stage = "train", m.vm = "vm-1", m.source = "s0", m.destination = "s1";
    m.reason = "drain", m.start = 25, m.end = 30, m.downtime = 1;
    t.migrations = {m};
    t.events = {{25, ClusterEventKind::drain, "s0"}};
    const YAML::Node tr = YAML::Load(perfetto_trace_json(t));
    std::vector<int> vm_pids;
    for (const auto& e : events(tr, "X"))
      if (e["cat"].as<std::string>() == "vm") vm_pids.push_back(e["pid"].as<int>());
    CHECK(vm_pids == std::vector<int>{1, 2});
    const auto s = events(tr, "s"), f = events(tr, "f");
    REQUIRE(s.size() == 1);
    REQUIRE(f.size() == 1);
    CHECK(s[0]["pid"].as<int>() == 1);
    CHECK(s[0]["ts"].as<double>() == 25e6);
    CHECK(f[0]["pid"].as<int>() == 2);
    CHECK(f[0]["ts"].as<double>() == 30e6);
    const auto i = events(tr, "i");
    REQUIRE(i.size() == 1);
    CHECK(i[0]["name"].as<std::string>() == "drain s0");
  }
  SECTION("counters for allocation and the queue, one per timeline row") {
    std::map<std::string, int> counters;
    for (const auto& e : events(root, "C")) ++counters[e["name"].as<std::string>()];
    CHECK(counters["allocated GPUs"] == 3);
    CHECK(counters["queue length"] == 3);
    CHECK(root["otherData"]["stages_in_trace"].as<int>() == 2);
  }
  SECTION("a size cap keeps the earliest stages and says so") {
    TraceStats st;
    const YAML::Node capped = YAML::Load(perfetto_trace_json(r, {1, 2}, &st));
    CHECK(st.capped);
    CHECK(capped["otherData"]["stages_run"].as<int>() == 2);
    CHECK(capped["otherData"]["stages_in_trace"].as<int>() == 1);
    CHECK(capped["otherData"]["counters_binned"].as<bool>());
    CHECK(capped["otherData"]["note"].as<std::string>().find("first 1 of 2") != std::string::npos);
    for (const auto& e : events(capped, "X")) CHECK(e["args"]["job"].as<int>() == 1);
  }
}

TEST_CASE("Report page: drawn from the output files", "[report]") {
  const RunResult r = small_run();
  const Summary s = summarize(r);
  RunFiles files;
  files.summary_json = summary_json(r, s);
  files.jobs_csv = jobs_csv(r);
  files.stages_csv = stages_csv(r);
  files.gpus_csv = gpus_csv(r);
  files.timeline_csv = timeline_csv(r);
  files.requests_csv = requests_csv(r);
  const ReportData d = report_data(files);
  SECTION("the files read back into the report's figures") {
    CHECK(d.scenario == "tiny");
    CHECK(d.seed == 7);
    CHECK(d.jobs_done == 2);
    CHECK(d.jct_p95 == s.jct.p95);
    CHECK(d.timeline.size() == 3);
    CHECK(d.timeline[2].allocated == 1.5);
    CHECK(d.pools == std::vector<std::string>{"p"});
    CHECK(d.timeline[2].pool_allocation[0] == 0.75);
    CHECK(d.gpus.size() == 2);
    CHECK(d.gpus[1].allocation == 1.0);
    CHECK(d.residencies.size() == 3);  // job 1 on GPU 0, job 2 on GPUs 0 and 1
    CHECK(d.pool_kwh == std::vector<std::pair<std::string, double>>{{"p", 1.0}});
  }
  SECTION("the page is self-contained and holds every chart") {
    const std::string html = render_report_html(d);
    CHECK(html.find("<!DOCTYPE html>") == 0);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("http") == std::string::npos);
    for (const char* h : {"Headline figures", "GPU allocation and utilisation", "Queue",
                          "Job completion time", "Per-GPU occupancy", "Energy and cost"})
      CHECK(html.find(std::string("<h2>") + h + "</h2>") != std::string::npos);
    CHECK(html.find("Services") == std::string::npos);  // no serve stage in this run
    CHECK(render_report_html(report_data(files)) == html);
  }
  SECTION("placement intervals, not whole stages, fill the heat strip; events become markers") {
    RunResult m = r;
    m.placements = {{0, "vm-1", "s0", "p", "0", "A100D-40C", 10, 30, true, 0},
                    {0, "vm-1", "s0", "p", "1", "A100D-40C", 30, 60, false, -1}};
    MigrationRecord mig;
    mig.job = 1, mig.stage = "train", mig.source = "s0", mig.destination = "s0";
    mig.reason = "defrag", mig.start = 25, mig.end = 30;
    m.migrations = {mig};
    m.events = {{40, ClusterEventKind::drain, "s0"}};
    RunFiles f = files;
    f.placements_csv = placements_csv(m);
    f.events_csv = events_csv(m);
    f.migrations_csv = migrations_csv(m);
    const ReportData md = report_data(f);
    REQUIRE(md.residencies.size() == 2);
    CHECK(md.residencies[0].gpu == 0);
    CHECK(md.residencies[0].end == 30);
    CHECK(md.residencies[1].gpu == 1);
    CHECK(md.residencies[1].start == 30);
    REQUIRE(md.events.size() == 2);
    CHECK(md.events[0].kind == "migration");
    CHECK(md.events[1].kind == "drain");
    const std::string html = render_report_html(md);
    CHECK(html.find("<h2>Cluster events</h2>") != std::string::npos);
    CHECK(html.find("<title>drain at 40 s: s0</title>") != std::string::npos);
  }
  SECTION("a malformed table is named with its line") {
    RunFiles bad = files;
    bad.jobs_csv += "9,wf,done,oops\n";
    CHECK_THROWS_WITH(report_data(bad), Catch::Contains("jobs.csv:4:1:"));
  }
}
