#pragma once
// The central controller actor: it takes job arrivals, keeps the waiting queue, asks the
// placement policy for decisions, checks them, creates the VMs and hands placed stages to
// the server agents; it releases resources when stages end and records everything.
#include <memory>
#include <vector>

#include "engine_state.hpp"
#include "vgpusim/policy/policy.hpp"
#include "vgpusim/policy/queue_discipline.hpp"

namespace vgpusim::engine {

class Controller {
 public:
  Controller(EngineState& st, std::unique_ptr<PlacementPolicy> policy,
             std::unique_ptr<QueueDiscipline> queue);
  void operator()();

 private:
  void on_arrival(int job);
  void on_stage_done(int64_t run_id);
  void submit_stage(int job, int stage);
  void schedule();
  bool try_place(PendingStage& p);
  void reject(PendingStage& p, const std::string& reason);
  void fail_job(int job, const std::string& reason);
  void record_timeline();
  Request make_request(int job, int stage) const;

  EngineState& st_;
  std::unique_ptr<PlacementPolicy> policy_;
  std::unique_ptr<QueueDiscipline> queue_;
  std::vector<std::unique_ptr<PendingStage>> waiting_;
  int64_t next_run_id_ = 1;
  int active_jobs_ = 0;
  int running_stages_ = 0;
  bool arrivals_done_ = false;
};

}  // namespace vgpusim::engine
