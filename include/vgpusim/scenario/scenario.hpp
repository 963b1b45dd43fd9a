#pragma once
// The validated scenario: the one value that loading hands to the simulation. Every
// quantity is in base units (bytes, seconds, bytes/s, watts). Nothing downstream reads
// the YAML again.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/scenario/llm_trace.hpp"
#include "vgpusim/cluster/slicing.hpp"
#include "vgpusim/policy/policy.hpp"
#include "vgpusim/policy/queue_discipline.hpp"
#include "vgpusim/trace/trace_job.hpp"
#include "vgpusim/workload/autoscaler.hpp"
#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim {

struct NetworkSpec {
  std::string topology = "star";  // star | two-tier
  double core_bandwidth = 400e9 / 8;
  double latency = 5e-6;
  int rack_size = 16;                   // two-tier
  double uplink_bandwidth = 400e9 / 8;  // two-tier: ToR uplink
};

struct StorageSpec {
  double bandwidth = 100e9 / 8;
  double latency = 0;
};

struct ServerSpec {
  int cpus = 64;
  double core_speed = 1e9;  // FLOP/s per core (CPU work is expressed in seconds)
  double memory = 512.0 * (1ull << 30);
  double nic_bandwidth = 100e9 / 8;
  double idle_power_w = 300;  // server without its GPUs
  double max_power_w = 900;
  double image_cache = 500e9;  // bytes of container images kept (LRU)
  // Bytes of image the container runtime unpacks per second once the layers are on the
  // server (decompression and extraction to local disk, one stream per image); 0 = none.
  // Default: moby issue 21814, ~1.5 GB extracted in 35-40 s on SSD (docs/workflows.md).
  double image_extract_rate = 40e6;
};

struct PoolSpec {
  std::string name;
  int count = 1;
  ServerSpec server;
  std::string gpu_model;  // catalog name
  int gpus_per_server = 0;
  PoolSlicing slicing;
};

struct ImageSpec {
  std::string name;
  double size = 0;
};

struct StageSpec {
  std::string name;
  std::string kind;
  std::vector<std::string> after;  // stage names
  std::vector<int> after_index;    // resolved indices into the workflow's stages
  GpuDemand demand;
  int vcpus = 4;
  double memory = 16.0 * (1ull << 30);
  ImageSpec image;
  int replicas = 1;  // placed when the stage starts (with autoscale: its min)
  std::optional<AutoscaleSpec> autoscale;
  bool small_kernels = false;  // `kernels: small | large`; default by kind (StageKindInfo)
  StageParams params;
  // serve `requests.trace`: request arrival times (s after serving starts), read by the loader.
  std::shared_ptr<const std::vector<double>> request_times;
  // serve `requests.trace` with `model:`: time, prompt and output tokens per request.
  std::shared_ptr<const std::vector<LlmTraceRequest>> llm_requests;
};

struct ArrivalSpec {
  enum class Process { times, poisson };
  Process process = Process::times;
  std::vector<double> times;  // Process::times
  double rate = 0;            // Process::poisson, per second
  int64_t count = 0;          // Process::poisson: number of jobs (0: until horizon)
  double start = 0;
  std::string trace;  // `arrival: {trace: F}`: the CSV read into `times`
};

struct WorkflowSpec {
  std::string name;
  // Per-workflow live-migration overrides (a workflow's VMs dirty memory at their own pace);
  // negative: use the scenario's `migration:` value.
  double migration_dirty_intensity = -1;
  double migration_working_set = -1;
  ArrivalSpec arrival;
  std::vector<StageSpec> stages;
  int priority = 0;
  // A replayed trace (TraceReplaySpec): the k-th arrival is the job
  // Scenario::trace.jobs[trace_jobs[k]] (arrival.times sorted, aligned with this).
  std::vector<int32_t> trace_jobs;
};

/// A replayed job trace (`workflows: {import: {format: helios | alibaba-pai-2020 |
/// alibaba-openb (mode: replay) | generic}}`, docs/traces.md): its jobs, what the parser
/// left out, and the virtual clusters with their GPU quotas.
struct TraceReplaySpec {
  std::string format;
  std::vector<TraceJob> jobs;  // every replayed job; work set by the importer
  std::vector<double> work;    // per job: whole-GPU seconds per GPU on the reference board
  std::vector<int> vc_of;      // per job: index into vcs
  std::vector<std::string> vcs;
  std::vector<int64_t> quota_milli;  // per VC: GPUs x 1000 it may hold at once; -1 unlimited
  int64_t rows = 0, skipped_unfinished = 0, skipped_no_duration = 0, skipped_cpu_only = 0;
  bool empty() const { return jobs.empty(); }
};

struct PolicySpec {
  std::string placement = "first-fit";
  std::string queue = "fifo";
  std::string backfill = "none";  // none | easy | greedy (queue_discipline.hpp)
  int64_t backfill_window = kDefaultBackfillWindow;  // requests a backfill pass looks at
  bool drop_on_wait = false;      // on_wait: drop (no retry) instead of queue
  PolicyParams params;
  // policy.queue_params: the queue discipline's own parameters (las thresholds, ...), as
  // text, checked against its ParamSpecs at load.
  PolicyParams queue_params;
  std::vector<std::string> plugins;
};

/// Single-task requests imported from a trace (`workflows: {import: ...}`, import_loader.cpp):
/// they arrive `interval` apart in this order and, once placed, hold their resources to
/// the end of the run (the static packing experiment, docs/alibaba-experiment.md).
struct TaskStreamSpec {
  std::string format;                                     // the importer that built it
  std::vector<Request> tasks;                             // in arrival order
  double interval = 1;                                    // seconds between two arrivals
  std::shared_ptr<const TargetWorkload> target_workload;  // for FGD, when the trace gives one
};

struct OutputSpec {
  bool report = true;
  bool trace = true;
  bool trace_gzip = false;                    // trace: gzip writes trace.json.gz instead
  double trace_max_size = double(256 << 20);  // bytes of trace text before stages stop
  bool decisions = false;                     // decisions.csv: every placement attempt
};

/// Live migration (SPEC 2.6): SimGrid's live-migration plugin moves the RAM, the vGPU
/// framebuffer is a separate copy. docs/migration.md describes every field.
struct MigrationSpec {
  enum class Framebuffer { stun, precopy };
  double bandwidth = 0;        // bytes/s cap per migration; 0: what the network gives
  double dirty_intensity = 0;  // plugin's intensity: dirty rate / bandwidth per busy vCPU
  double working_set = 0.9;    // fraction of RAM that can be dirty (plugin's default)
  Framebuffer framebuffer = Framebuffer::stun;
  // What makes a real vGPU stun longer than framebuffer / line rate (docs/migration.md,
  // fitted to VMware's vSphere 7 measurements, docs/validation.md):
  double framebuffer_efficiency = 0.66;  // vGPU state copy rate / the rate the network gives it
  double switchover = 0.8;               // fixed stun: stop, device checkpoint, resume (s)
  double period = 300;     // how often a migrating policy is asked to rebalance
  int max_migrations = 4;  // migrations a policy may start per period
};

/// A scenario event (SPEC 4 `events:`): drain, fail or restore a server or one GPU.
struct EventSpec {
  enum class Kind { drain, fail, restore };
  Kind kind = Kind::drain;
  double at = 0;
  std::string target;  // as written: "a100[3]" or "a100[3]/gpu1"
  int server = -1;     // global server index
  int gpu = -1;        // global GPU index; -1 for a whole server
};

/// The NVIDIA AI Enterprise software licence every GPU running vGPU compute needs
/// (docs/energy.md, "Licence"): a yearly subscription per GPU, prorated over the run, or a
/// per-GPU-hour consumption price; `none` leaves it out.
struct LicenceSpec {
  enum class Model { subscription, consumption, none };
  Model model = Model::subscription;
  double per_gpu_year = 4500;  // USD, 1-year subscription list price (docs/energy.md)
  double per_gpu_hour = 1.0;   // USD, cloud-marketplace consumption price (docs/energy.md)
  /// USD per provisioned GPU-hour under this model.
  double usd_per_gpu_hour() const {
    return model == Model::subscription ? per_gpu_year / (365.0 * 24)
           : model == Model::consumption ? per_gpu_hour
                                         : 0.0;
  }
  const char* model_name() const {
    return model == Model::subscription  ? "subscription"
           : model == Model::consumption ? "consumption"
                                         : "none";
  }
};

/// Energy accounting and power management (docs/energy.md).
struct EnergySpec {
  double price_per_kwh = 0.08;  // USD; US industrial average (EIA), see docs/energy.md
  double power_off_after = 0;   // seconds an empty server waits before power-off; 0: never
  double boot_time = 180;       // seconds from power-on to accepting work
  LicenceSpec licence;
};

struct Scenario {
  std::string file;
  std::string name;
  uint64_t seed = 0;
  double horizon = 0;  // 0: run until all work is done
  NetworkSpec network;
  StorageSpec storage;
  std::vector<PoolSpec> pools;
  std::vector<WorkflowSpec> workflows;
  TaskStreamSpec task_stream;
  TraceReplaySpec trace;
  PolicySpec policy;
  OutputSpec outputs;
  MigrationSpec migration;
  std::vector<EventSpec> events;  // sorted by time
  EnergySpec energy;
  Catalog catalog;  // built-in plus the scenario's additions
};

}  // namespace vgpusim
