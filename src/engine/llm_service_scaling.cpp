// The replicas of an LLM service while it serves (llm_service_actor.hpp): autoscaling,
// replacement after a drain, restart after a failure. The actor decides; the controller
// places the replicas it asks for (replica_wanted) and releases those it gives back
// (replica_released); a placed replica pulls its image and reads its weights from storage
// as any stage's phases (server_agent.cpp), then warms up here before it serves.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>

#include "llm_service_actor.hpp"
#include "service_actor.hpp"  // set_replica_busy

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

int LlmServiceActor::serving() const {
  int n = 0;
  const StageRun* last = nullptr;
  for (const Instance& in : inst_)  // a replica's instances are adjacent
    if (!in.leaving && in.run != last) {
      last = in.run;
      if (std::find(drained_.begin(), drained_.end(), in.run) == drained_.end()) ++n;
    }
  return n;
}

double LlmServiceActor::next_ready(double now) const {
  double t = std::numeric_limits<double>::infinity();
  for (const Instance& in : inst_)
    if (in.ready_at > now) t = std::min(t, in.ready_at);
  return t;
}

void LlmServiceActor::want_replica(double now, const std::string& why) {
  request_replica(st_, id_, pending_, now, serving(), why);
}

void LlmServiceActor::evaluate(double now) {
  Autoscaler::Observation o;
  o.waiting = static_cast<double>(shared_.size());
  double oldest = std::numeric_limits<double>::infinity();
  if (!shared_.empty()) oldest = shared_.front().arrival;
  for (const Instance& in : inst_) {
    o.waiting += static_cast<double>(in.own->size());
    if (!in.own->empty()) oldest = std::min(oldest, in.own->front().arrival);
  }
  if (ttft_n_ > 0) o.ttft_s = ttft_sum_ / static_cast<double>(ttft_n_);
  if (oldest <= now) o.ttft_s = std::max(o.ttft_s, now - oldest);
  ttft_sum_ = 0;
  ttft_n_ = 0;
  const int live = serving();
  const int current = live + pending_;
  const int want = scaler_->recommend(now, current, o);
  for (int k = current; k < want; ++k) want_replica(now, scaler_->why());
  // Scale down to the highest recommendation of the window: replicas asked for and not yet
  // here first (the controller drops one still queued; one already placed comes and is
  // scaled down later), then the newest serving ones.
  const int keep = scaler_->stable(now);
  const std::string why = fmt::format("scaled down: {} replica(s) wanted over the last {:g} s",
                                      keep, scaler_->spec().scale_down_after_s);
  for (int k = current; pending_ > 0 && !group_.coming.empty() && k > keep; --k) {
    --pending_;
    const auto newest = std::max_element(group_.coming.begin(), group_.coming.end());
    st_.recorder.service_scaled(group_.record,
                                {now, ScaleEventKind::withdrawn, *newest, live, why});
    group_.coming.erase(newest);
    st_.controller_mailbox->put_init(new CtrlMsg{CtrlMsg::Kind::replica_unwanted, id_}, 0)
        ->detach();
  }
  for (int k = live; pending_ == 0 && k > keep; --k) {
    StageRun* newest = nullptr;
    for (const Instance& in : inst_)
      if (!in.leaving && (!newest || in.run->replica > newest->replica)) newest = in.run;
    if (!newest) break;
    retire(newest, now, ScaleEventKind::retired, why);
  }
}

void LlmServiceActor::on_message(const ServiceMsg& m, double now) {
  switch (m.kind) {
    case ServiceMsg::Kind::added:
      note_arrived(group_, pending_, *m.run);
      add_instances(m.run, now + warmup_s_);
      warming_.push_back(m.run);
      if (model_.dispatch == Dispatch::jsq)  // requests left without an instance
        for (size_t n = shared_.size(); n > 0; --n) {
          const LlmSequence q = shared_.front();
          shared_.pop_front();
          enqueue(q, false);
        }
      spdlog::debug("LLM service {}: replica {} placed, serving at {:.6g}", id_, m.run->replica,
                    now + warmup_s_);
      break;
    case ServiceMsg::Kind::drained:  // make before break: it serves until its replacement does
      if (note_drained(drained_, m.run)) want_replica(now, replacement_reason(m));
      break;
    case ServiceMsg::Kind::lost:
      lose(m.run, now, m.where);
      break;
  }
}

void LlmServiceActor::announce_ready(double now) {
  for (auto it = warming_.begin(); it != warming_.end();) {
    StageRun* r = *it;
    bool ready = true;
    for (const Instance& in : inst_)
      if (in.run == r && in.ready_at > now) ready = false;
    if (!ready) {
      ++it;
      continue;
    }
    it = warming_.erase(it);
    st_.recorder.service_scaled(group_.record, {now, ScaleEventKind::ready, r->replica, serving(), ""});
    if (!drained_.empty()) {  // its replacement serves: the drained replica goes
      StageRun* old = drained_.front();
      drained_.pop_front();
      retire(old, now, ScaleEventKind::retired, "drained; replaced");
    }
  }
}

void LlmServiceActor::retire(StageRun* r, double now, ScaleEventKind kind, const std::string& why) {
  for (Instance& in : inst_) {
    if (in.run != r || in.leaving) continue;
    in.leaving = true;
    in.batcher->set_queue(&none_);
    while (!in.own->empty()) {  // jsq: its waiting requests join the others
      const LlmSequence q = in.own->front();
      in.own->pop_front();
      enqueue(q, false);
    }
  }
  drained_.erase(std::remove(drained_.begin(), drained_.end(), r), drained_.end());
  st_.recorder.service_scaled(group_.record, {now, kind, r->replica, serving(), why});
}

void LlmServiceActor::lose(StageRun* r, double now, const std::string& where) {
  bool found = false;
  for (Instance& in : inst_) {
    if (in.run != r) continue;
    found = true;
    if (!in.execs.empty()) {
      for (auto& e : in.execs) e->cancel();
      in.execs.clear();
      if (--busy_of(*r) == 0) set_replica_busy(st_, *r, false, in.isolated);
    }
    note_kv(now);
    kv_used_ -= in.batcher->used_blocks();
    std::deque<LlmSequence> back;  // its sequences start over, first in line
    in.batcher->evict(back);
    while (!in.own->empty()) {
      back.push_back(in.own->front());
      in.own->pop_front();
    }
    in.leaving = true;
    in.batcher->set_queue(&none_);
    for (auto it = back.rbegin(); it != back.rend(); ++it) enqueue(*it, true);
  }
  if (!found) return;
  warming_.erase(std::remove(warming_.begin(), warming_.end(), r), warming_.end());
  // serving() leaves r out already (its instances are leaving), drained or not.
  if (note_lost(st_, group_, drained_, r, now, serving(), where))
    want_replica(now, replacement_reason({ServiceMsg::Kind::lost, r, {}}));
}

void LlmServiceActor::remove_departed() {
  // Leaving instances whose batch has emptied go; a replica whose instances are all gone
  // is handed back to the controller.
  std::vector<StageRun*> gone;
  for (size_t i = 0; i < inst_.size();) {
    Instance& in = inst_[i];
    if (!in.leaving || !in.execs.empty() || in.batcher->running() > 0) {
      ++i;
      continue;
    }
    kv_capacity_ -= in.batcher->capacity_blocks();
    StageRun* r = in.run;
    inst_.erase(inst_.begin() + static_cast<std::ptrdiff_t>(i));
    if (std::none_of(inst_.begin(), inst_.end(), [r](const Instance& o) { return o.run == r; }))
      gone.push_back(r);
  }
  for (StageRun* r : gone) {
    spdlog::debug("LLM service {}: replica {} released", id_, r->replica);
    st_.controller_mailbox->put_init(new CtrlMsg{CtrlMsg::Kind::replica_released, r->id}, 0)
        ->detach();
  }
}

}  // namespace vgpusim::engine
