// The controller's side of preemptive queue disciplines (srtf, las; docs/policies.md,
// "Preemptive disciplines"): it wakes up when a running job's rank changes or a waiting
// one's starvation guard fires, re-queues promoted requests, asks choose_preemptions()
// which runs to stop and has their agents checkpoint and stop them. What is decided is the
// discipline's (engine-free, preemption.hpp); this only carries it out.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>

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

void Controller::note_placed(StageRun& r) {
  // Every time its rank will change while it runs (a LAS job crossing each threshold):
  // service grows linearly with the time it holds its GPUs.
  const double gpus = service_gpus(r.request);
  const double estimate = r.request.estimated_runtime_s;
  // Serve replicas and gangs are never victims (preempt_for_waiting): no bound.
  const bool victim = r.service == 0 && r.gang.empty();
  if (victim) set_rank_bound(r, queue_->rank(r.request, r.request.attained_gpu_s, estimate));
  double attained = r.request.attained_gpu_s, t = r.placed_at;
  for (int i = 0; i < 64; ++i) {
    const double dt = queue_->rank_changes_in(attained, gpus);
    if (!std::isfinite(dt)) break;
    t += dt;
    attained += dt * gpus;
    // Past the threshold by a hair, so that the rank is the new one when the wake-up comes.
    attained = std::nextafter(attained, kInf);
    wakes_.push(t);
    // Its bound steps up to the new rank a little before t: the rank a pass computes from
    // the attained service at its own time may cross the threshold a few ulps earlier.
    // Between announced changes a rank does not grow (queue_discipline.hpp), so the bound
    // holds until the next step.
    if (victim)
      rank_steps_.push({t - std::max(1e-6, 1e-9 * std::abs(t)), r.id,
                        queue_->rank(r.request, attained, std::max(0.0, estimate - (t - r.placed_at)))});
  }
}

void Controller::set_rank_bound(StageRun& r, double rank) {
  if (!std::isnan(r.rank_bound)) rank_bounds_.erase({r.rank_bound, r.id});
  r.rank_bound = rank;
  if (!std::isnan(rank)) rank_bounds_.emplace(rank, r.id);
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
  while (!rank_steps_.empty() && rank_steps_.top().at <= now) {
    const RankStep step = rank_steps_.top();
    rank_steps_.pop();
    auto it = st_.runs.find(step.run);
    if (it != st_.runs.end() && !std::isnan(it->second->rank_bound))
      set_rank_bound(*it->second, step.rank);
  }
  // Who would start as soon as it fits: without backfilling, or with EASY (which lets a
  // later request start only if it does not delay the head), the head alone; with greedy
  // backfilling, every waiting request (the first `window` of them: choose_preemptions
  // looks no further). Room made for anyone else could be taken back by the victims
  // themselves, and they preempted again, for ever.
  const int64_t most = queue_->backfill() == Backfill::greedy ? queue_->window() : 1;
  std::vector<const Request*> waiting;
  double head_rank = 0;
  for (const auto& w : waiting_) {
    if (w->done || quota_excess(*w) != 0) continue;
    // The first one outranks no running job: nothing to search (the order agrees with rank).
    if (waiting.empty()) {
      const Request& head = w->request;
      head_rank = queue_->rank(head, head.attained_gpu_s, head.estimated_runtime_s);
      if (rank_bounds_.empty() || !(head_rank < rank_bounds_.rbegin()->first)) return;
    }
    waiting.push_back(&w->request);
    if (static_cast<int64_t>(waiting.size()) >= most) break;
  }
  if (waiting.empty()) return;
  // A gang alone waiting: choose_preemptions never makes room for one (preemption.hpp).
  if (waiting.size() == 1 && needs_gang(st_.cluster, *waiting.front())) return;
  // The runs choose_preemptions looks at: those being stopped (their room counts as free;
  // every abort has its reason recorded) and those that may rank above the head (no other
  // is ever a victim), found among the rank bounds without visiting every run.
  std::vector<const StageRun*> looked;
  for (const auto& [id, why] : abort_reason_)
    if (auto it = st_.runs.find(id); it != st_.runs.end() && it->second->aborting)
      looked.push_back(it->second.get());
  for (auto it = rank_bounds_.upper_bound({head_rank, std::numeric_limits<int64_t>::max()});
       it != rank_bounds_.end(); ++it)
    if (const StageRun& r = *st_.runs.at(it->second); !r.aborting) looked.push_back(&r);
  std::vector<RunningJob> running;
  running.reserve(looked.size());
  for (const StageRun* r : looked) {
    RunningJob j;
    j.owner = r->id;
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
