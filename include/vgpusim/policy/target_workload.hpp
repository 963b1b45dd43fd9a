#pragma once
// The "target workload" that FGD measures fragmentation against (Weng et al., ATC'23):
// the task types expected to arrive and their popularity. Built from a trace by the
// importer (trace/alibaba_openb.hpp) or learnt online by the policy when absent.
#include <cstdint>
#include <string>
#include <vector>

namespace vgpusim {

/// One task type: what one task of this type asks of a server.
struct TaskType {
  int64_t cpu_milli = 0;
  int gpu_milli = 0;                    // per GPU; 0 for CPU-only types
  int num_gpu = 0;                      // 0 for CPU-only types
  std::vector<std::string> gpu_models;  // allowed GPU models (empty: any)
  double popularity = 0;                // p_m; sums to 1 over a TargetWorkload

  bool cpu_only() const { return num_gpu == 0 || gpu_milli == 0; }
  bool operator==(const TaskType& o) const {
    return cpu_milli == o.cpu_milli && gpu_milli == o.gpu_milli && num_gpu == o.num_gpu &&
           gpu_models == o.gpu_models;
  }
};

struct TargetWorkload {
  std::vector<TaskType> types;  // most popular first
};

}  // namespace vgpusim
