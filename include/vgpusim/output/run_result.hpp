#pragma once
// What a simulation hands to the report writers: plain records, no engine types.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vgpusim {

struct StageRecord {
  int64_t job = 0;
  std::string workflow;
  std::string stage;
  std::string kind;
  int attempt = 1;
  std::string status;          // done | rejected | unfinished
  std::string reason;          // why rejected / unfinished
  std::string server;
  std::string pool;
  std::string gpus;            // "3;4" (global GPU indices)
  std::string slices;          // vGPU type, MIG profile or milli per GPU
  int gpu_count = 0;
  double submit = 0;           // became ready (its dependencies done)
  double start = -1;           // placed, VM created
  double end = -1;
  double pull_time = 0;        // waiting for the container image
  double read_time = 0;        // dataset read from storage
  double compute_time = 0;     // GPU / CPU compute, checkpoint pauses excluded
  double checkpoint_time = 0;  // writing checkpoints
  double write_time = 0;       // output written to storage
  double gpu_seconds = 0;      // work done, in whole-GPU seconds of its board
  double queue_delay() const { return start >= 0 ? start - submit : -1; }
};

struct JobRecord {
  int64_t id = 0;
  std::string workflow;
  std::string status;          // done | failed | unfinished
  double submit = 0;
  double start = -1;           // first stage placed
  double end = -1;
  int stages = 0;
  double queue_delay = 0;      // sum over its stages of (start - ready)
  double jct() const { return end >= 0 ? end - submit : -1; }
};

/// The cluster state after each change (piecewise constant until the next point).
struct TimelinePoint {
  double time = 0;
  int64_t allocated_milli = 0;  // sum over GPUs of the milli-GPU allocated
  double busy_gpus = 0;         // sum over GPUs of the fraction of compute in use
  int queue_length = 0;
  int running_stages = 0;
};

struct GpuRecord {
  int index = 0;
  std::string server;
  std::string pool;
  std::string model;
  std::string mode;
  double allocated_time = 0;   // integral of allocated milli / 1000 over time (GPU-seconds)
  double busy_time = 0;        // integral of compute in use (GPU-seconds)
  int placements = 0;
  double energy_j = 0;
};

struct PoolRecord {
  std::string name;
  std::string model;
  int servers = 0;
  int gpus = 0;
  double energy_j = 0;
  double gpu_hours = 0;        // provisioned: gpus x makespan
  double cost = 0;             // list price per hour x provisioned GPU-hours
};

struct RunResult {
  std::string scenario;
  std::string scenario_file;
  uint64_t seed = 0;
  std::string policy;
  std::string queue;
  double end_time = 0;         // simulated time when the run ended
  double horizon = 0;
  int64_t total_gpus = 0;
  std::vector<JobRecord> jobs;
  std::vector<StageRecord> stages;
  std::vector<TimelinePoint> timeline;
  std::vector<GpuRecord> gpus;
  std::vector<PoolRecord> pools;
  double energy_j = 0;
  int64_t invalid_decisions = 0;
  std::map<std::string, int64_t> rejections_by_reason;
  double wall_seconds = 0;     // not written to summary.json (not deterministic)
};

}  // namespace vgpusim
