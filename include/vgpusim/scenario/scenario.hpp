#pragma once
// The validated scenario: the one value that loading hands to the simulation. Every
// quantity is in base units (bytes, seconds, bytes/s, watts). Nothing downstream reads
// the YAML again.
#include <cstdint>
#include <string>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/cluster/slicing.hpp"
#include "vgpusim/policy/policy.hpp"
#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim {

struct NetworkSpec {
  std::string topology = "star";   // star | two-tier
  double core_bandwidth = 400e9 / 8;
  double latency = 5e-6;
  int rack_size = 16;              // two-tier
  double uplink_bandwidth = 400e9 / 8;  // two-tier: ToR uplink
};

struct StorageSpec {
  double bandwidth = 100e9 / 8;
  double latency = 0;
};

struct ServerSpec {
  int cpus = 64;
  double core_speed = 1e9;         // FLOP/s per core (CPU work is expressed in seconds)
  double memory = 512.0 * (1ull << 30);
  double nic_bandwidth = 100e9 / 8;
  double idle_power_w = 300;       // server without its GPUs
  double max_power_w = 900;
  double image_cache = 500e9;      // bytes of container images kept (LRU)
};

struct PoolSpec {
  std::string name;
  int count = 1;
  ServerSpec server;
  std::string gpu_model;           // catalog name
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
  int replicas = 1;
  StageParams params;
};

struct ArrivalSpec {
  enum class Process { times, poisson };
  Process process = Process::times;
  std::vector<double> times;       // Process::times
  double rate = 0;                 // Process::poisson, per second
  int64_t count = 0;               // Process::poisson: number of jobs (0: until horizon)
  double start = 0;
};

struct WorkflowSpec {
  std::string name;
  ArrivalSpec arrival;
  std::vector<StageSpec> stages;
  int priority = 0;
};

struct PolicySpec {
  std::string placement = "first-fit";
  std::string queue = "fifo";
  bool backfill = false;
  PolicyParams params;
  std::vector<std::string> plugins;
};

struct OutputSpec {
  bool report = true;
  bool trace = true;
  double timeline_step = 0;        // 0: one row per change
};

struct Scenario {
  std::string file;
  std::string name;
  uint64_t seed = 0;
  double horizon = 0;              // 0: run until all work is done
  NetworkSpec network;
  StorageSpec storage;
  std::vector<PoolSpec> pools;
  std::vector<WorkflowSpec> workflows;
  PolicySpec policy;
  OutputSpec outputs;
  Catalog catalog;                 // built-in plus the scenario's additions
};

}  // namespace vgpusim
