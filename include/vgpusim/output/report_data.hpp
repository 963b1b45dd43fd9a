#pragma once
// What report.html shows, read back from a run's output files (summary.json and the CSV
// tables), so that `vgpusim run` and `vgpusim report DIR` draw the very same page.
// Engine-free.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vgpusim {

/// The output files a report is drawn from, as text (file names in docs/outputs.md).
struct RunFiles {
  std::string summary_json, jobs_csv, stages_csv, gpus_csv, timeline_csv, requests_csv;
  std::string allocation_curve_csv;  // packing runs only (imported task streams)
  std::string kv_occupancy_csv;      // LLM services only
  // Optional (runs written before them lack them): where stages ran, cluster events,
  // live migrations.
  std::string placements_csv, events_csv, migrations_csv;
  std::string decisions_csv;  // only when decisions were recorded (outputs.decisions)
};

struct ReportData {
  // summary.json: the headline figures.
  std::string scenario, policy, queue, version;
  int64_t seed = 0;
  double end_time = 0, horizon = 0;
  int64_t jobs_submitted = 0, jobs_done = 0, jobs_failed = 0, jobs_unfinished = 0;
  int64_t stages_done = 0, stages_rejected = 0;
  double makespan = 0, jct_mean = 0, jct_p50 = 0, jct_p95 = 0, jct_p99 = 0;
  double queue_mean = 0, queue_p95 = 0;
  int64_t total_gpus = 0;
  double allocation_mean = 0, allocation_peak = 0, utilisation_mean = 0;
  double gpu_hours_provisioned = 0, gpu_hours_busy = 0;
  double energy_kwh = 0;
  std::vector<std::pair<std::string, double>> pool_kwh;  // summary order
  // NaN: unknown (a board without a list price), shown as "no price".
  double cost_gpu_usd = 0, cost_energy_usd = 0, cost_total_usd = 0, price_per_kwh = 0;
  double cost_licence_usd = 0;
  std::string licence_model = "none";
  std::vector<std::string> boards_without_price;
  int64_t migrations = 0, restarts = 0;
  double migration_downtime = 0;
  int64_t services_with_slo = 0, services_met = 0;

  // timeline.csv: cluster state after each change (or per step).
  struct Point {
    double time = 0, allocated = 0, busy = 0, fragmented = 0;  // GPUs
    double queue = 0, running = 0;
    std::vector<double> pool_allocation;  // fraction of each pool (pools order)
  };
  std::vector<std::string> pools;  // from timeline.csv's allocation.<pool> columns
  std::vector<Point> timeline;

  struct Job {
    std::string workflow, status;
    double jct = -1;  // < 0: not done
  };
  std::vector<Job> jobs;

  struct Gpu {
    int index = 0;
    std::string server, pool, model, mode;
    double allocation = 0, utilisation = 0;
  };
  std::vector<Gpu> gpus;

  /// Something that happened to the cluster at a time (events.csv, migrations.csv): kind is
  /// drain, fail, restore, power_off, boot or migration.
  struct Event {
    double time = 0;
    std::string kind, what;
  };
  std::vector<Event> events;

  /// Waiting time by reason (decisions.csv `reason`), most GPU-hours first.
  struct Waiting {
    std::string reason;
    double gpu_hours = 0;  // GPUs asked x time waiting
    double stage_hours = 0;
    int64_t stages = 0;    // stage attempts that waited for it
  };
  bool decisions = false;  // the run recorded decisions
  std::vector<Waiting> waiting;

  /// A stage holding a GPU from start to end: each placement interval (placements.csv), or
  /// each stage attempt where a run has no placements.csv (to the run's end if unfinished).
  struct Residency {
    int gpu = 0;
    double start = 0, end = 0;
  };
  std::vector<Residency> residencies;

  struct Service {
    int64_t job = 0;
    std::string workflow, stage, status, slo_met;
    int64_t served = 0;
    double throughput = 0, p50 = 0, p95 = 0, p99 = 0;
    std::optional<double> slo_p50, slo_p95, slo_p99;  // targets (s)
    std::optional<double> under_p50, under_p95, under_p99;
    bool llm = false;  // LLM service: TTFT / TPOT percentiles (s)
    double ttft_p50 = 0, ttft_p95 = 0, ttft_p99 = 0, tpot_p50 = 0, tpot_p95 = 0, tpot_p99 = 0;
  };
  std::vector<Service> services;
  // LLM services' KV-cache occupancy over time (kv_occupancy.csv): one series per service.
  struct KvSeries {
    std::string name;
    std::vector<double> t, occupancy;
  };
  std::vector<KvSeries> kv;

  // Packing runs (allocation_curve.csv, summary.json "packing"): GPU allocation against
  // the workload arrived, both in % of the cluster's GPU capacity.
  struct CurvePoint {
    double arrived_pct = 0, allocated_pct = 0;
  };
  std::vector<CurvePoint> packing_curve;
  int64_t tasks_arrived = 0, tasks_placed = 0, tasks_dropped = 0;
  double allocated_pct_at_100 = 0, allocated_pct_final = 0, arrived_pct_final = 0;
};

/// Reads the files of a run's output directory. Throws InputError naming every missing
/// file (exit 2 at the CLI).
RunFiles read_run_files(const std::filesystem::path& dir);

/// Parses the files; malformed content throws InputError with FILE:LINE: message.
ReportData report_data(const RunFiles& files);

}  // namespace vgpusim
