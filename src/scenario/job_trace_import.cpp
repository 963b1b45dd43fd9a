// The job-log importers (helios, alibaba-pai-2020, generic) and what every job-log format
// shares: trace jobs become `replay` stages, the VC column becomes quotas (docs/traces.md).
#include <fmt/format.h>

#include <fstream>
#include <limits>
#include <map>
#include <optional>

#include "loader_parts.hpp"
#include "vgpusim/workload/replay.hpp"
#include "vgpusim/workload/runtime_estimate.hpp"

namespace vgpusim::loader {

const std::vector<std::string> kJobTraceKeys{"reference_gpu", "precision",     "cpu_jobs",
                                             "limit",         "quotas",        "default_quota",
                                             "image_size",    "checkpoint_size", "gradients"};

namespace {

std::vector<std::string> with_shared(std::vector<std::string> own) {
  own.insert(own.begin(), "format");
  own.insert(own.end(), kJobTraceKeys.begin(), kJobTraceKeys.end());
  return own;
}

}  // namespace

const std::vector<ParamSpec>& job_trace_params() {
  static const std::vector<ParamSpec> specs{
      {"reference_gpu", ParamType::text, "", false,
       "workflows.import: board the trace's durations were measured on (catalog name, or "
       "P100, P40, V100-SXM2-32GB); empty: a job runs its recorded time on whatever board it "
       "gets"},
      {"precision", ParamType::choice, "fp32", false,
       "workflows.import: precision at which the reference and the boards are compared",
       {"fp32", "tf32", "fp16", "bf16", "fp8", "int8"}},
      {"cpu_jobs", ParamType::boolean, "false", false,
       "workflows.import: replay jobs that asked no GPU (on their VM's vCPUs)"},
      {"limit", ParamType::integer, "", false,
       "workflows.import: replay only the first N jobs by submit time", {}, 1},
      {"default_quota", ParamType::integer, "", false,
       "workflows.import: GPUs a VC not named in `quotas: {VC: GPUs}` may hold at once; "
       "absent: unlimited",
       {}, 0, std::numeric_limits<double>::infinity(), "GPUs"},
      // A trace says nothing of a job's image or state: what preemption costs is the
      // scenario's assumption (docs/traces.md, "Preemption costs").
      {"image_size", ParamType::bytes, "", false,
       "workflows.import: size of the one container image every job runs (pulled once per "
       "server through its image cache); absent: no image"},
      {"checkpoint_size", ParamType::bytes, "", false,
       "workflows.import: bytes a job writes to storage when it is preempted and reads back "
       "when it resumes; absent: preemption saves and restores its state for free"}};
  static const std::vector<ParamSpec> with_gradients = [] {
    std::vector<ParamSpec> all = specs;
    const auto& g = trace_gradient_params();
    all.insert(all.end(), g.begin(), g.end());
    return all;
  }();
  return with_gradients;
}

namespace {

std::vector<ParamSpec> specs_with(std::vector<ParamSpec> own) {
  const auto& shared = job_trace_params();
  own.insert(own.end(), shared.begin(), shared.end());
  return own;
}

/// Reads the file under `key` with `parse`, reporting a TraceError at that key.
template <typename Parse>
std::optional<TraceJobs> read_jobs(const ImportSource& src, const std::string& key, Parse parse) {
  YamlReader& r = src.reader;
  auto file = r.text(src.node, src.path, key, true);
  if (!file) return std::nullopt;
  try {
    const std::string path = src.resolve(*file);
    std::ifstream in = open_trace(path);
    return parse(in, path);
  } catch (const TraceError& e) {
    r.error(src.node[key], YamlReader::join(src.path, key), e.what());
    return std::nullopt;
  }
}

void import_helios(const ImportSource& src, Scenario& s) {
  src.reader.check_keys(src.node, src.path, with_shared({"file"}));
  const TraceReadOptions o = trace_read_options(src);
  auto jobs = read_jobs(src, "file", [&](std::istream& in, const std::string& path) {
    return parse_helios(in, path, o);
  });
  if (jobs) add_trace_jobs(src, s, std::move(*jobs));
}

void import_generic(const ImportSource& src, Scenario& s) {
  src.reader.check_keys(src.node, src.path, with_shared({"file"}));
  const TraceReadOptions o = trace_read_options(src);
  auto jobs = read_jobs(src, "file", [&](std::istream& in, const std::string& path) {
    return parse_generic_jobs(in, path, o);
  });
  if (jobs) add_trace_jobs(src, s, std::move(*jobs));
}

void import_pai(const ImportSource& src, Scenario& s) {
  YamlReader& r = src.reader;
  r.check_keys(src.node, src.path, with_shared({"tasks", "jobs"}));
  const TraceReadOptions o = trace_read_options(src);
  std::optional<std::string> job_file = r.text(src.node, src.path, "jobs");
  std::ifstream job_stream;
  std::string job_path;
  if (job_file) {
    job_path = src.resolve(*job_file);
    try {
      job_stream = open_trace(job_path);
    } catch (const TraceError& e) {
      r.error(src.node["jobs"], YamlReader::join(src.path, "jobs"), e.what());
      return;
    }
  }
  std::optional<TraceJobs> jobs;
  try {
    jobs = read_jobs(src, "tasks", [&](std::istream& in, const std::string& path) {
      return parse_pai_2020(in, path, job_file ? &job_stream : nullptr, job_path, o);
    });
  } catch (const TraceError& e) {  // a job-table error escapes read_jobs' key
    r.error(src.node["jobs"], YamlReader::join(src.path, "jobs"), e.what());
    return;
  }
  if (jobs) add_trace_jobs(src, s, std::move(*jobs));
}

}  // namespace

TraceReadOptions trace_read_options(const ImportSource& src) {
  TraceReadOptions o;
  o.cpu_jobs = src.params.number("cpu_jobs", 0) != 0;
  return o;
}

void add_trace_jobs(const ImportSource& src, Scenario& s, TraceJobs in) {
  YamlReader& r = src.reader;
  TraceReplaySpec& t = s.trace;
  t.format = src.node["format"].as<std::string>("");
  t.rows = in.rows;
  t.skipped_unfinished = in.skipped_unfinished;
  t.skipped_no_duration = in.skipped_no_duration;
  t.skipped_cpu_only = in.skipped_cpu_only;
  if (src.params.has("limit") &&
      in.jobs.size() > static_cast<size_t>(src.params.number("limit")))
    in.jobs.resize(static_cast<size_t>(src.params.number("limit")));
  if (in.jobs.empty()) {
    r.error(src.node, src.path, "the trace has no job to replay");
    return;
  }
  StageSpec stage;
  stage.name = "job";
  stage.kind = "replay";
  if (auto ref = std::optional<std::string>(src.params.text("reference_gpu")); !ref->empty()) {
    if (ensure_trace_board(s, *ref, false))
      stage.params.texts["reference_gpu"] = *ref;
    else
      r.error(src.node["reference_gpu"], YamlReader::join(src.path, "reference_gpu"),
              fmt::format("unknown GPU '{}'; known: the catalog's ({}) and {}", *ref,
                          fmt::join(s.catalog.gpu_names(), ", "), trace_board_names()));
  }
  stage.params.texts["precision"] = src.params.text("precision", "fp32");
  stage.params.numbers[kReplayWorkKey] = 0;  // per job (TraceReplaySpec::work)
  if (src.params.has("checkpoint_size"))
    stage.params.numbers[kReplayCheckpointKey] = src.params.number("checkpoint_size");
  read_trace_gradients(src, stage);
  if (src.params.has("image_size")) {
    stage.image.name = "trace-job-image";
    stage.image.size = src.params.number("image_size");
  }

  // VCs in order of first appearance, with their quotas.
  std::map<std::string, int> vc_index;
  for (const TraceJob& j : in.jobs)
    if (vc_index.emplace(j.vc, static_cast<int>(t.vcs.size())).second) t.vcs.push_back(j.vc);
  const auto default_quota = static_cast<int64_t>(src.params.number("default_quota", -1));
  t.quota_milli.assign(t.vcs.size(), default_quota < 0 ? -1 : default_quota * 1000);
  if (YAML::Node q = src.node["quotas"]; q.IsDefined()) {
    const std::string qp = YamlReader::join(src.path, "quotas");
    if (r.expect_map(q, qp))
      for (const auto& kv : q) {
        const std::string vc = kv.first.as<std::string>();
        auto gpus = r.integer(q, qp, vc, true, 0);
        auto it = vc_index.find(vc);
        if (gpus && it != vc_index.end())
          t.quota_milli[static_cast<size_t>(it->second)] = *gpus * 1000;
      }
  }

  // One replay workflow per workflow name (generic `workflow` column), "trace" otherwise.
  std::map<std::string, size_t> wf_index;
  for (size_t i = 0; i < in.jobs.size(); ++i) {
    const TraceJob& j = in.jobs[i];
    if (j.demand.kind == GpuDemand::Kind::vgpu && !s.catalog.find_vgpu(j.demand.vgpu_type)) {
      r.error(src.node, src.path,
              fmt::format("{}: line {}: vgpu: unknown vGPU type '{}'", in.source, j.line,
                          j.demand.vgpu_type));
      continue;
    }
    const std::string name = j.workflow.empty() ? "trace" : j.workflow;
    auto [it, added] = wf_index.emplace(name, s.workflows.size());
    if (added) {
      WorkflowSpec wf;
      wf.name = name;
      wf.arrival.process = ArrivalSpec::Process::times;
      wf.stages.push_back(stage);
      s.workflows.push_back(std::move(wf));
    }
    WorkflowSpec& wf = s.workflows[it->second];
    wf.arrival.times.push_back(j.submit);
    wf.trace_jobs.push_back(static_cast<int32_t>(t.jobs.size()));
    // The recorded time is at the share the job asked for: its work is that share of it.
    const double share = j.duration_is_work ? 1.0 : guaranteed_gpu_share(j.demand, s.catalog);
    t.work.push_back(j.duration * share);
    t.vc_of.push_back(vc_index[j.vc]);
    t.jobs.push_back(j);
  }
}

std::vector<TraceImporterRegistry::Entry> job_trace_importers() {
  return {
      {"helios",
       "Helios artifact cluster_log.csv (SenseTime Venus/Earth/Saturn/Uranus; Philly in the "
       "same shape): timed replay of its jobs",
       specs_with({{"file", ParamType::text, "", false,
                   "workflows.import: cluster_log.csv, relative to the scenario"}}),
       TraceImporter{nullptr, import_helios}},
      {"alibaba-pai-2020",
       "Alibaba PAI 2020 GPU trace: pai_task_table.csv rows replayed as jobs (plan_gpu % -> "
       "milli share; instances -> one gang of whole GPUs)",
       specs_with({{"tasks", ParamType::text, "", false, "workflows.import: pai_task_table.csv"},
                   {"jobs", ParamType::text, "", false,
                    "workflows.import: pai_job_table.csv (users, submit times)"}}),
       TraceImporter{nullptr, import_pai}},
      {"generic",
       "a planner's own job log: submit, GPUs / vGPU type / milli share, duration or work, "
       "optional user, queue, workflow",
       specs_with({{"file", ParamType::text, "", false,
                   "workflows.import: the job CSV (docs/traces.md)"}}),
       TraceImporter{nullptr, import_generic}},
  };
}

}  // namespace vgpusim::loader
