#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

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
  SECTION("threads: one per GPU lane and one per stage attempt, in a process per server") {
    std::set<std::string> threads, processes;
    for (const auto& m : events(root, "M")) {
      if (m["name"].as<std::string>() == "thread_name")
        threads.insert(m["args"]["name"].as<std::string>());
      if (m["name"].as<std::string>() == "process_name")
        processes.insert(m["args"]["name"].as<std::string>());
    }
    CHECK(processes == std::set<std::string>{"cluster", "server s0 (p)"});
    CHECK(threads.count("GPU 0 (#0)") == 1);
    CHECK(threads.count("GPU 0 (#0) share 2") == 1);  // job 2 overlaps job 1 on GPU 0
    CHECK(threads.count("GPU 1 (#1)") == 1);
    CHECK(threads.count("VM job 1 train #1") == 1);
    CHECK(threads.count("VM job 2 train #1") == 1);
    CHECK(threads.count("VM job 3 train #1") == 0);  // never placed
  }
  SECTION("phases follow each other inside the stage's span, in microseconds") {
    std::map<std::string, std::pair<double, double>> job1;
    for (const auto& e : events(root, "X")) {
      if (e["cat"].as<std::string>() == "gpu" || e["args"]["job"].as<int>() != 1) continue;
      job1[e["name"].as<std::string>()] = {e["ts"].as<double>(), e["dur"].as<double>()};
    }
    CHECK(job1.at("job 1 train") == std::pair{10e6, 50e6});
    CHECK(job1.at("pull") == std::pair{10e6, 5e6});
    CHECK(job1.at("read") == std::pair{15e6, 5e6});
    CHECK(job1.at("compute + checkpoints") == std::pair{20e6, 34e6});
    CHECK(job1.at("write") == std::pair{58e6, 2e6});
  }
  SECTION("GPU events cover the compute span and name the vGPU type") {
    int on_gpus = 0;
    for (const auto& e : events(root, "X"))
      if (e["cat"].as<std::string>() == "gpu") {
        ++on_gpus;
        CHECK(e["args"]["vgpu"].as<std::string>() == "A100D-40C");
      }
    CHECK(on_gpus == 3);  // job 1 on GPU 0, job 2 on GPUs 0 and 1
  }
  SECTION("counters for allocation and the queue, one per timeline row") {
    std::map<std::string, int> counters;
    for (const auto& e : events(root, "C")) ++counters[e["name"].as<std::string>()];
    CHECK(counters["allocated GPUs"] == 3);
    CHECK(counters["queue length"] == 3);
    CHECK(root["otherData"]["stages_in_trace"].as<int>() == 2);
  }
  SECTION("a cap keeps the earliest stages and says so") {
    const YAML::Node capped = YAML::Load(perfetto_trace_json(r, {1, 2}));
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
  const RunFiles files{summary_json(r, s), jobs_csv(r),     stages_csv(r), gpus_csv(r),
                       timeline_csv(r),    requests_csv(r), std::string(), std::string()};
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
  SECTION("a malformed table is named with its line") {
    RunFiles bad = files;
    bad.jobs_csv += "9,wf,done,oops\n";
    CHECK_THROWS_WITH(report_data(bad), Catch::Contains("jobs.csv:4:1:"));
  }
}
