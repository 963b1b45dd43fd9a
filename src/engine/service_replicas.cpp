// The replicas of a fixed-service-time service while it serves (service_actor.hpp), as the
// LLM services do theirs (llm_service_scaling.cpp, docs/serving.md "Drains and failures"):
// a drained replica is replaced and leaves once the replacement serves; a lost one (its GPU
// or server failed) gives its batches back to the queue and is replaced. The controller
// places replacements (replica_wanted) and releases what the actor gives back
// (replica_released); a replacement pulls its image like any replica.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "service_actor.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

void ServiceActor::add_instances(StageRun* r) {
  for (const GpuSlot& slot : r->placement.slots)
    inst_.push_back(
        Instance{r, slot.gpu, st_.cluster.gpu(slot.gpu).model, {}, nullptr, {}, 0, 0, false, -1});
}

int ServiceActor::serving() const {
  std::vector<const StageRun*> runs;
  for (const Instance& in : inst_)
    if (serves(in) && std::find(drained_.begin(), drained_.end(), in.run) == drained_.end() &&
        std::find(runs.begin(), runs.end(), in.run) == runs.end())
      runs.push_back(in.run);
  return static_cast<int>(runs.size());
}

void ServiceActor::want_replica(double now, const std::string& why) {
  request_replica(st_, id_, pending_, now, serving(), why);
}

void ServiceActor::requeue(std::deque<double>& times, bool front) {
  // Arrival times back to the queue: the shared one, or (jsq) the shortest serving one.
  while (!times.empty()) {
    const double t = front ? times.back() : times.front();
    if (front)
      times.pop_back();
    else
      times.pop_front();
    size_t best = SIZE_MAX, best_len = SIZE_MAX;
    if (model_.dispatch == Dispatch::jsq)
      for (size_t i = 0; i < inst_.size(); ++i) {
        if (!serves(inst_[i])) continue;
        const size_t len = inst_[i].queue.size() + inst_[i].batch.size();
        if (len < best_len) best = i, best_len = len;
      }
    std::deque<double>& q = best == SIZE_MAX ? shared_ : inst_[best].queue;
    if (front)
      q.push_front(t);
    else
      q.push_back(t);
  }
}

void ServiceActor::on_message(const ServiceMsg& m, double now) {
  switch (m.kind) {
    case ServiceMsg::Kind::added: {
      note_arrived(group_, pending_, *m.run);
      const size_t first = inst_.size();
      add_instances(m.run);
      for (size_t i = first; i < inst_.size(); ++i)
        if (model_.dispatch == Dispatch::shared_queue) free_.push_back(i);
      if (model_.dispatch == Dispatch::jsq) requeue(shared_, false);  // held while none served
      st_.recorder.service_scaled(group_.record,
                              {now, ScaleEventKind::ready, m.run->replica, serving(), ""});
      if (!drained_.empty()) {  // the replacement serves: the drained replica goes
        StageRun* old = drained_.front();
        drained_.pop_front();
        leave(old, now);
      }
      break;
    }
    case ServiceMsg::Kind::drained:  // make before break: it serves until its replacement does
      if (note_drained(drained_, m.run)) want_replica(now, replacement_reason(m));
      break;
    case ServiceMsg::Kind::lost:
      lose(m.run, now, m.where);
      break;
  }
}

void ServiceActor::leave(StageRun* r, double now) {
  for (size_t i = 0; i < inst_.size(); ++i) {
    Instance& in = inst_[i];
    if (in.run != r || !serves(in)) continue;
    in.leaving = true;
    free_.erase(std::remove(free_.begin(), free_.end(), i), free_.end());
    requeue(in.queue, false);
    if (!in.exec) in.gone = true;  // else when its batch completes
  }
  st_.recorder.service_scaled(group_.record,
                          {now, ScaleEventKind::retired, r->replica, serving(), "drained; replaced"});
}

void ServiceActor::lose(StageRun* r, double now, const std::string& where) {
  if (std::find(released_.begin(), released_.end(), r) != released_.end()) return;
  bool found = false;
  for (size_t i = 0; i < inst_.size(); ++i) {
    Instance& in = inst_[i];
    if (in.run != r || in.gone) continue;
    found = true;
    if (in.exec) {  // its batch starts over elsewhere, first in line
      in.exec->cancel();
      in.exec = nullptr;
      std::deque<double> back(in.batch.begin(), in.batch.end());
      in.batch.clear();
      requeue(back, true);
      set_busy(r, false);
    }
    in.gone = true;
    free_.erase(std::remove(free_.begin(), free_.end(), i), free_.end());
    requeue(in.queue, false);
  }
  if (!found) return;
  // serving() leaves r out already (its instances are gone), drained or not.
  if (note_lost(st_, group_, drained_, r, now, serving(), where))
    want_replica(now, replacement_reason({ServiceMsg::Kind::lost, r, {}}));
}

void ServiceActor::release_departed() {
  // A replica whose instances are all gone is handed back to the controller, once.
  for (const Instance& in : inst_) {
    StageRun* r = in.run;
    if (!in.gone || std::find(released_.begin(), released_.end(), r) != released_.end()) continue;
    if (std::any_of(inst_.begin(), inst_.end(),
                    [r](const Instance& o) { return o.run == r && !o.gone; }))
      continue;
    released_.push_back(r);
    spdlog::debug("service {}: replica {} released", id_, r->replica);
    st_.controller_mailbox->put_init(new CtrlMsg{CtrlMsg::Kind::replica_released, r->id}, 0)
        ->detach();
  }
}

}  // namespace vgpusim::engine
