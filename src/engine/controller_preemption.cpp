// The controller's side of preemptive queue disciplines (srtf, las; docs/policies.md,
// "Preemptive disciplines"): it wakes up when a running job's rank changes or a waiting
// one's starvation guard fires, re-queues promoted requests, asks choose_preemptions()
// which runs to stop and has their agents checkpoint and stop them. What is decided is the
// discipline's (engine-free, preemption.hpp); this only carries it out.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "controller.hpp"
#include "vgpusim/policy/preemption.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// GPUs a job's attained service counts (Tiresias: GPUs x time): the GPUs it occupies, a
// slice counting as its GPU; CPU-only work as one.
double service_gpus(const Request& r) {
  return std::max(1, r.gpu.gpus_needed());
}

}  // namespace

std::unique_ptr<CtrlMsg> Controller::next_message() {
  if (!queue_->preemptive())
    return std::unique_ptr<CtrlMsg>(st_.controller_mailbox->get<CtrlMsg>());
  const double now = sg4::Engine::get_clock();
  bool due = false;
  while (!wakes_.empty() && wakes_.top() <= now) {
    wakes_.pop();
    due = true;
  }
  if (due) return nullptr;
  if (!incoming_) incoming_ = st_.controller_mailbox->get_async<CtrlMsg>(&incoming_msg_);
  if (wakes_.empty()) {
    incoming_->wait();
  } else if (sg4::Activity::wait_any_for({incoming_}, wakes_.top() - now) < 0) {
    return nullptr;  // the wake-up came first; the receive stays pending
  }
  incoming_ = nullptr;
  return std::unique_ptr<CtrlMsg>(incoming_msg_);
}

double Controller::attained_gpu_s(const StageRun& r, double now) const {
  return r.request.attained_gpu_s + (now - r.placed_at) * service_gpus(r.request);
}

void Controller::note_placed(const StageRun& r) {
  // Every time its rank will change while it runs (a LAS job crossing each threshold):
  // service grows linearly with the time it holds its GPUs.
  const double gpus = service_gpus(r.request);
  double attained = r.request.attained_gpu_s, t = r.placed_at;
  for (int i = 0; i < 64; ++i) {
    const double dt = queue_->rank_changes_in(attained, gpus);
    if (!std::isfinite(dt)) break;
    t += dt;
    attained += dt * gpus;
    // Past the threshold by a hair, so that the rank is the new one when the wake-up comes.
    attained = std::nextafter(attained, kInf);
    wakes_.push(t);
  }
}

void Controller::note_queued(const PendingStage& p) {
  waiting_by_id_[p.request.id] = const_cast<PendingStage*>(&p);
  const double after = queue_->promote_after(p.request);
  if (!std::isfinite(after)) return;
  promotions_.emplace(p.request.submit_time + after, p.request.id);
  wakes_.push(p.request.submit_time + after);
}

void Controller::promote_starving() {
  const double now = sg4::Engine::get_clock();
  while (!promotions_.empty() && promotions_.top().first <= now) {
    const int64_t id = promotions_.top().second;
    promotions_.pop();
    auto it = waiting_by_id_.find(id);
    if (it == waiting_by_id_.end() || it->second->done) continue;  // placed or failed meanwhile
    // Its order keys change: out of the sorted queue, promoted, back in.
    auto node = waiting_.extract(waiting_.find(it->second));
    queue_->promote(node.value()->request, now);
    spdlog::debug("{} promoted (starvation guard)", node.value()->request.label);
    const PendingStage& p = *node.value();
    waiting_.insert(std::move(node));
    note_queued(p);
  }
}

void Controller::preempt_for_waiting() {
  // One round at a time: the next is decided once this one's victims have stopped and its
  // beneficiaries had their turn.
  if (waiting_.empty() || st_.runs.empty() || !preempting_.empty()) return;
  const double now = sg4::Engine::get_clock();
  // Who would start as soon as it fits: without backfilling, or with EASY (which lets a
  // later request start only if it does not delay the head), the head alone; with greedy
  // backfilling, every waiting request. Room made for anyone else could be taken back by
  // the victims themselves, and they preempted again, for ever.
  const bool all = queue_->backfill() == Backfill::greedy;
  std::vector<const Request*> waiting;
  for (const auto& w : waiting_) {
    if (w->done || quota_excess(*w) != 0) continue;
    waiting.push_back(&w->request);
    if (!all) break;
  }
  if (waiting.empty()) return;
  std::vector<RunningJob> running;
  running.reserve(st_.runs.size());
  for (const auto& [id, r] : st_.runs) {
    RunningJob j;
    j.owner = id;
    j.request = &r->request;
    j.placed_at = r->placed_at;
    j.attained_gpu_s = attained_gpu_s(*r, now);
    j.remaining_s = std::max(0.0, r->request.estimated_runtime_s - (now - r->placed_at));
    j.stopping = r->aborting;
    // Serve replicas hold their GPUs for their service; a run writing its output is done
    // computing; a migrating VM is between two servers; a multi-server gang would lose its
    // round in flight and is placed as a whole (not modelled: gangs are never preempted).
    j.preemptible = r->service == 0 && r->gang.empty() && !r->migrating && r->phase != Phase::write &&
                    r->phase != Phase::done && !r->stop_after_checkpoint;
    running.push_back(j);
  }
  std::sort(running.begin(), running.end(),
            [](const RunningJob& a, const RunningJob& b) { return a.owner < b.owner; });
  PreemptionChoice choice =
      choose_preemptions(st_.cluster, *queue_, waiting, running, queue_->window());
  beneficiaries_.insert(choice.beneficiaries.begin(), choice.beneficiaries.end());
  for (int64_t id : choice.victims) {
    StageRun& r = *st_.runs.at(id);
    preempting_.insert(id);
    spdlog::debug("{} preempted", r.request.label);
    r.aborting = true;
    const std::string& server = st_.platform.server_names[static_cast<size_t>(r.server)];
    abort_reason_[r.id] = {Interruption::preempted, server, st_.scenario.policy.queue};
    st_.recorder.preemption_decided(r.record, server, sg4::Engine::get_clock());
    st_.agent_mailboxes[static_cast<size_t>(r.agent)]
        ->put_init(new AgentMsg{AgentMsg::Kind::preempt, &r, {}}, 0)
        ->detach();
  }
}

}  // namespace vgpusim::engine
