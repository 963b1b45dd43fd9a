// The controller's handling of an imported task stream (Scenario::task_stream): each task
// is one request offered to the policy once when it arrives; placed, it holds its CPU,
// memory and GPU milli to the end of the run (nothing in the trace experiment leaves);
// answered Wait, it is dropped (policy.on_wait: drop, the default for imports) or queued
// and offered again at every later arrival, before the newcomer (on_wait: queue).
//
// A task gets no VM and no server agent: it runs no stage work, and the VM would only
// carry CPU executions that these tasks do not have. The occupancy it takes is what the
// experiment measures; creating ~10k SimGrid VMs would only cost time.
#include <spdlog/spdlog.h>

#include "controller.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

bool Controller::offer_task(Request& r) {
  std::vector<const Request*> queue;
  queue.reserve(waiting_tasks_.size());
  for (const Request& w : waiting_tasks_)
    if (&w != &r) queue.push_back(&w);
  ClusterView view{st_.cluster, queue, sg4::Engine::get_clock()};
  Decision d = policy_->place(r, view);
  if (std::holds_alternative<WaitDecision>(d)) {
    if (!st_.scenario.policy.drop_on_wait) return false;
    st_.recorder.task_dropped(TaskDrop::no_placement);
    spdlog::debug("task {} dropped: no placement", r.label);
    return true;
  }
  if (auto* rej = std::get_if<RejectDecision>(&d)) {
    st_.recorder.task_dropped(TaskDrop::rejected);
    spdlog::debug("task {} rejected: {}", r.label, rej->reason);
    return true;
  }
  const Placement& pl = std::get<PlaceDecision>(d).placement;
  std::string why;
  if (!st_.cluster.check(r, pl, &why)) {
    st_.recorder.task_dropped(TaskDrop::invalid_decision);
    spdlog::info("task {}: invalid decision: {}", r.label, why);
    return true;
  }
  st_.cluster.allocate(r, pl);
  st_.touch_gpus(pl);
  st_.recorder.task_placed();
  return true;
}

void Controller::on_task(size_t index) {
  if (index == 0) st_.recorder.tasks_capacity(st_.cluster.total_gpus() * 1000);
  // Owner ids are shared with stage runs, so a task takes the next free one.
  Request r = st_.scenario.task_stream.tasks[index];
  r.id = next_run_id_++;
  r.submit_time = sg4::Engine::get_clock();
  st_.recorder.task_arrived();
  arrived_milli_ += r.gpu.total_milli(st_.cluster.catalog());
  if (!waiting_tasks_.empty()) {
    // Offered in arrival order; removed afterwards so that the queue view stays valid.
    std::vector<char> settled(waiting_tasks_.size());
    for (size_t i = 0; i < waiting_tasks_.size(); ++i) settled[i] = offer_task(waiting_tasks_[i]);
    size_t kept = 0;
    for (size_t i = 0; i < waiting_tasks_.size(); ++i)
      if (!settled[i]) waiting_tasks_[kept++] = std::move(waiting_tasks_[i]);
    waiting_tasks_.resize(kept);
  }
  if (!offer_task(r)) waiting_tasks_.push_back(std::move(r));
  st_.recorder.tasks_settled(arrived_milli_, st_.cluster.allocated_milli(),
                             static_cast<int64_t>(waiting_tasks_.size()));
}

}  // namespace vgpusim::engine
