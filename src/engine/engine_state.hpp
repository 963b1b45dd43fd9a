#pragma once
// State shared by the engine's actors. SimGrid runs actors one at a time, so they read and
// write it without locks; only the controller changes the cluster occupancy.
#include <simgrid/s4u.hpp>

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "platform_builder.hpp"
#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/output/run_result.hpp"
#include "vgpusim/scenario/scenario.hpp"
#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim::engine {

enum class Phase { init, pull, read, compute, checkpoint, write, done };

/// One placed attempt of one stage: its VM, its plan and its progress.
struct StageRun {
  int64_t id = 0;              // also the owner id of its slices in ClusterState
  int job = 0;                 // index into EngineState::jobs
  int stage = 0;               // index into the workflow's stages
  int server = 0;
  Placement placement;
  simgrid::s4u::VirtualMachine* vm = nullptr;
  StagePlan plan;
  Phase phase = Phase::init;
  double compute_left = 0;     // whole-GPU seconds per GPU (or CPU seconds) still to do
  double segment = 0;          // the compute segment in flight
  double phase_start = 0;
  size_t record = 0;           // index into EngineState::result.stages
};

struct JobState {
  int64_t id = 0;
  int workflow = 0;
  std::vector<int> deps_left;  // per stage: unfinished dependencies
  int stages_left = 0;
  size_t record = 0;           // index into result.jobs
  bool failed = false;
};

struct PendingStage {
  bool done = false;           // placed or rejected: leaves the queue after this pass
  Request request;
  int job = 0;
  int stage = 0;
  size_t record = 0;
};

struct CtrlMsg {
  enum class Kind { arrival, arrivals_done, stage_done } kind;
  int64_t value = 0;           // job index to create / run id done
};

struct AgentMsg {
  enum class Kind { start, stop } kind;
  StageRun* run = nullptr;
};

struct EngineState {
  const Scenario& scenario;
  Platform platform;
  ClusterState cluster;
  RunResult result;
  std::vector<JobState> jobs;
  std::unordered_map<int64_t, std::unique_ptr<StageRun>> runs;
  simgrid::s4u::Mailbox* controller_mailbox = nullptr;
  std::vector<simgrid::s4u::Mailbox*> agent_mailboxes;

  explicit EngineState(const Scenario& s) : scenario(s) {}
  const WorkflowSpec& workflow_of(const JobState& j) const {
    return scenario.workflows[static_cast<size_t>(j.workflow)];
  }

  /// Marks a run's slices busy or idle and updates the GPU accounting.
  void set_busy(const StageRun& r, bool busy);
  /// Re-reads GPU `g` from the cluster state after a change, integrating its allocation
  /// and use since the previous change (gpus.csv, summary utilisation).
  void touch_gpu(int g);
  void touch_gpus(const Placement& p) {
    for (const auto& s : p.slots) touch_gpu(s.gpu);
  }
  /// Sum over GPUs of the fraction of compute in use now.
  double busy_gpus() const { return busy_total_; }
  /// Integrates every GPU up to now (end of run).
  void close_accounting();

 private:
  struct GpuAccount {
    double since = 0;
    double allocated = 0;  // fraction of the board allocated
    double busy = 0;       // fraction of the board computing
  };
  std::vector<GpuAccount> accounts_;
  double busy_total_ = 0;
};

}  // namespace vgpusim::engine
