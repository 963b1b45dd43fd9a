// The `alibaba-openb` trace importer: the node list of the Alibaba GPU-sharing trace 2023
// as `shared`-mode pools, its pod list as the arrival stream of the FGD packing experiment
// (docs/alibaba-experiment.md). The parsing, the stream and the target workload are the
// engine-free functions of trace/alibaba_openb.hpp; this file maps them onto a Scenario.
#include <fmt/format.h>

#include <cmath>
#include <fstream>

#include "loader_parts.hpp"
#include "vgpusim/trace/alibaba_openb.hpp"

namespace vgpusim::loader {
namespace {

void import_nodes(const ImportSource& src, Scenario& s) {
  YamlReader& r = src.reader;
  r.check_keys(src.node, src.path, {"format", "nodes"});
  auto file = r.text(src.node, src.path, "nodes", true);
  if (!file) return;
  std::vector<OpenbNode> nodes;
  try {
    nodes = read_openb_nodes(src.resolve(*file));
  } catch (const TraceError& e) {
    r.error(src.node["nodes"], YamlReader::join(src.path, "nodes"), e.what());
    return;
  }
  if (nodes.empty()) {
    r.error(src.node["nodes"], YamlReader::join(src.path, "nodes"), "the node list has no servers");
    return;
  }
  // Consecutive identical servers form one pool, so that server indices follow the file
  // (the same pools as build_openb_cluster, which the engine-free harness uses).
  for (size_t i = 0; i < nodes.size();) {
    const OpenbNode& n = nodes[i];
    size_t j = i + 1;
    while (j < nodes.size() && nodes[j].cpu_milli == n.cpu_milli &&
           nodes[j].memory_mib == n.memory_mib && nodes[j].gpu == n.gpu &&
           nodes[j].model == n.model)
      ++j;
    if (n.cpu_milli % 1000 != 0 || n.gpu < 1) {
      r.error(src.node["nodes"], YamlReader::join(src.path, "nodes"),
              fmt::format(
                  "{}:{}: server {} needs whole CPUs and at least one GPU (cpu_milli {}, gpu {})",
                  src.resolve(*file), n.line, n.sn, n.cpu_milli, n.gpu));
      return;
    }
    const GpuModel* model = ensure_trace_board(s, n.model, true);
    PoolSpec p;
    p.name = fmt::format("{}.{}", n.model, s.pools.size());
    p.count = static_cast<int>(j - i);
    p.server.cpus = static_cast<int>(n.cpu_milli / 1000);
    p.server.memory = static_cast<double>(n.memory_mib) * 1024.0 * 1024.0;
    p.gpu_model = model->name;
    p.gpus_per_server = n.gpu;
    p.slicing.mode = SliceMode::shared;
    s.pools.push_back(std::move(p));
    i = j;
  }
}

void import_pods(const ImportSource& src, Scenario& s) {
  YamlReader& r = src.reader;
  std::vector<std::string> keys{"format", "pods", "inflate", "interval", "coverage", "mode"};
  keys.insert(keys.end(), kJobTraceKeys.begin(), kJobTraceKeys.end());
  r.check_keys(src.node, src.path, keys);
  if (src.params.text("mode", "packing") == "replay") {
    // Timed replay: pods arrive at creation and run until their deletion (docs/traces.md).
    auto file = r.text(src.node, src.path, "pods", true);
    if (!file) return;
    try {
      const std::string path = src.resolve(*file);
      add_trace_jobs(src, s, openb_trace_jobs(read_openb_pods(path), path,
                                              trace_read_options(src)));
    } catch (const TraceError& e) {
      r.error(src.node["pods"], YamlReader::join(src.path, "pods"), e.what());
    }
    return;
  }
  auto file = r.text(src.node, src.path, "pods", true);
  // Types, ranges and defaults come checked from the registry entry's parameters.
  const double inflate = src.params.number("inflate", 1.3);
  const double coverage = src.params.number("coverage", 0.95);
  s.task_stream.interval = src.params.number("interval", s.task_stream.interval);
  if (!file) return;
  std::vector<OpenbPod> pods;
  try {
    pods = read_openb_pods(src.resolve(*file));
  } catch (const TraceError& e) {
    r.error(src.node["pods"], YamlReader::join(src.path, "pods"), e.what());
    return;
  }
  int64_t capacity = 0;
  for (const auto& p : s.pools) capacity += int64_t{p.count} * p.gpus_per_server * 1000;
  if (capacity == 0) {
    // Without pools the datacenter section has reported why already.
    if (r.diagnostics().size() == 0)
      r.error(src.node, src.path,
              "the task stream is sized on the datacenter's GPUs: it needs pools with GPUs");
    return;
  }
  // The stream depends on the seed (shuffle and inflation draws), so it is built here,
  // after `seed` and --seed are known, and travels in the Scenario to the engine.
  s.task_stream.format = "alibaba-openb";
  const std::vector<size_t> order = openb_arrival_stream(pods, capacity, inflate, s.seed);
  s.task_stream.tasks.reserve(order.size());
  for (size_t i = 0; i < order.size(); ++i)
    s.task_stream.tasks.push_back(openb_request(pods[order[i]], static_cast<int64_t>(i + 1),
                                                static_cast<double>(i) * s.task_stream.interval));
  s.task_stream.target_workload =
      std::make_shared<TargetWorkload>(openb_target_workload(pods, coverage));
  // Nothing ever leaves in this experiment, so a task that does not fit now never will:
  // drop it (policy.on_wait may say otherwise; the policy section is read after this).
  s.policy.drop_on_wait = true;
}

}  // namespace

TraceImporterRegistry::Entry openb_importer() {
  TraceImporterRegistry::Entry e{"alibaba-openb",
          "Alibaba GPU-sharing trace 2023 (clusterdata cluster-trace-gpu-v2023): node list as "
          "shared-mode pools, pod list as the FGD packing experiment's arrival stream",
          {{"nodes", ParamType::text, "", false,
            "datacenter.import: openb_node_list_*.csv, relative to the scenario file"},
           {"pods", ParamType::text, "", false,
            "workflows.import: openb_pod_list_*.csv, relative to the scenario file"},
           {"inflate", ParamType::number, "1.3", false,
            "workflows.import: GPU milli submitted, as a multiple of the cluster's capacity",
            {}, 0.01, 100, "x capacity"},
           {"interval", ParamType::duration, "1s", false,
            "workflows.import: time between two arrivals", {}, 0, 86400},
           {"coverage", ParamType::number, "0.95", false,
            "workflows.import: share of the trace's tasks FGD's target workload covers", {}, 0.01,
            1, "fraction"},
           {"mode", ParamType::choice, "packing", false,
            "workflows.import: packing (the FGD experiment's stream) or replay (pods arrive at "
            "creation and run until deletion; with the job-log keys of docs/traces.md)",
            {"packing", "replay"}}},
          TraceImporter{import_nodes, import_pods}};
  const auto& shared = job_trace_params();
  e.params.insert(e.params.end(), shared.begin(), shared.end());
  return e;
}

}  // namespace vgpusim::loader
