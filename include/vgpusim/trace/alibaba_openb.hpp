#pragma once
// Importer for the Alibaba GPU-sharing traces (clusterdata cluster-trace-gpu-v2023, the
// "openb" traces of Weng et al., ATC'23) and the arrival stream of the FGD packing
// experiment, built exactly as ../shared/reference/fgd-experiment.md describes (see
// docs/alibaba-experiment.md). Engine-free.
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/policy/target_workload.hpp"
#include "vgpusim/trace/trace_csv.hpp"

namespace vgpusim {

/// One row of openb_node_list_*.csv (sn,cpu_milli,memory_mib,gpu,model).
struct OpenbNode {
  std::string sn;
  int64_t cpu_milli = 0;
  int64_t memory_mib = 0;
  int gpu = 0;
  std::string model;
  int line = 0;
};

/// One row of openb_pod_list_*.csv.
struct OpenbPod {
  std::string name;
  int64_t cpu_milli = 0;
  int64_t memory_mib = 0;
  int num_gpu = 0;
  int gpu_milli = 0;
  std::vector<std::string> gpu_spec;  // allowed GPU models, `|`-separated in the file
  std::string qos, pod_phase;
  int64_t creation_time = -1, deletion_time = -1, scheduled_time = -1;  // -1: empty
  int line = 0;
  /// GPU milli the task asks in all (num_gpu x gpu_milli).
  int64_t total_gpu_milli() const { return int64_t{num_gpu} * gpu_milli; }
};

/// Parsers; `source` names the stream in error messages. Columns are found by header
/// name, so extra columns and any column order are accepted; missing ones are errors.
std::vector<OpenbNode> parse_openb_nodes(std::istream& in, const std::string& source);
std::vector<OpenbPod> parse_openb_pods(std::istream& in, const std::string& source);
std::vector<OpenbNode> read_openb_nodes(const std::string& path);
std::vector<OpenbPod> read_openb_pods(const std::string& path);

/// Total GPU capacity in milli-GPU (1000 per GPU).
int64_t openb_capacity_milli(const std::vector<OpenbNode>& nodes);

/// The arrival stream of one seed, as indices into `pods` (which is not modified):
///  1. the pods sorted by name, shuffled (shuffle_portable on mt19937_64(seed));
///  2. while below `factor` x capacity: draw a pod uniformly with replacement from the
///     name-sorted trace (draw_below on the same generator) and append it, unless adding
///     its GPU milli would pass the target, which ends the stream (that draw is dropped);
///     while above: remove the stream entry at draw_below(size) until at or under it.
std::vector<size_t> openb_arrival_stream(const std::vector<OpenbPod>& pods, int64_t capacity_milli,
                                         double factor, uint64_t seed);

/// FGD's target workload: task types (cpu_milli, gpu_milli, num_gpu, gpu_spec) of the
/// original trace (CPU-only tasks included), most frequent first (ties: smaller cpu, gpu
/// milli, num_gpu, then spec), taken until they cover >= `coverage` of the tasks, with
/// their frequencies renormalised to sum to 1.
TargetWorkload openb_target_workload(const std::vector<OpenbPod>& pods, double coverage = 0.95);

/// The request the scheduler sees for one pod: CPU and memory, and a milli-GPU demand
/// (count num_gpu, milli gpu_milli, models gpu_spec) or none for CPU-only pods.
Request openb_request(const OpenbPod& pod, int64_t id, double submit_time = 0);

/// A cluster built from a node list: consecutive identical nodes form one `shared`-mode
/// pool (so server indices follow the file), each GPU model a synthetic catalog entry
/// (name only: the packing experiment needs no performance figures).
struct OpenbCluster {
  std::deque<GpuModel> models;  // stable addresses for ClusterState
  ClusterState state;
};
std::unique_ptr<OpenbCluster> build_openb_cluster(const std::vector<OpenbNode>& nodes);

/// One point of the allocation-vs-arrived curve.
struct CurvePoint {
  int arrived_pct = 0;       // x, 0..max_pct
  double allocated_pct = 0;  // mean allocated percent over the tasks in this bin (0 if none)
  int64_t tasks = 0;         // tasks whose arrived percent rounds to x
};
/// For each integer x in 0..max_pct, the mean of 100*allocated[i]/capacity over the tasks
/// i with round(100*arrived[i]/capacity) == x (half away from zero). `arrived` and
/// `allocated` hold the totals after each submitted task.
std::vector<CurvePoint> allocation_curve(const std::vector<int64_t>& arrived,
                                         const std::vector<int64_t>& allocated,
                                         int64_t capacity_milli, int max_pct = 130);

}  // namespace vgpusim
