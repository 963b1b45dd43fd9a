#include "service_actor.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "vgpusim/cluster/time_slice.hpp"
#include "vgpusim/scenario/arrivals.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

}  // namespace

/// The bound (units/s) a batch of `run` on `gpu` gets now, -1 for none. Same rule as
/// GpuRateControl (gpu_rate_control.hpp): where every busy slice is uncapped with equal
/// weights and no switch overhead, SimGrid's max-min sharing of the GPU host is the
/// model; elsewhere the batch runs at the rate the share model gives its slice.
double batch_bound(const ClusterState& cluster, int gpu, int64_t run, bool* isolated) {
  const GpuShares shares = cluster.shares_of(gpu);
  for (const SliceShare& s : shares.slices)
    if (s.owner == run) *isolated = s.isolated;
  if (shares.free_sharing()) return -1;
  for (const SliceShare& s : shares.slices)
    if (s.owner == run)
      return (s.busy && s.rate > 0 ? s.rate : s.cap * shares.capacity) * kGpuSpeed;
  return -1;
}

namespace {

/// Whole-GPU seconds to add to a batch of `work_s` for the slot wait of NVIDIA's strict
/// round robin (equal and fixed share; cluster/time_slice.hpp), 0 elsewhere. The wait is
/// spent in the vGPU's own slots, which these schedulers keep for it whether it uses them or
/// not, so it is padded as work at the slice's own rate: no other slice's share changes.
double slot_padding(const ClusterState& cluster, int gpu, int64_t run, double work_s) {
  const PoolSlicing& sl = cluster.pool_of_gpu(gpu).slicing;
  if (sl.mode != SliceMode::vgpu || sl.scheduler == VgpuScheduler::best_effort) return 0;
  const GpuShares shares = cluster.shares_of(gpu);
  const std::vector<Slice>& slices = cluster.gpu(gpu).slices;
  for (size_t i = 0; i < shares.slices.size() && i < slices.size(); ++i) {
    const SliceShare& s = shares.slices[i];
    if (s.owner != run || !(s.cap > 0)) continue;
    const int slots = static_cast<int>(std::lround(1.0 / s.cap));
    const double slice =
        sl.time_slice_s > 0 ? sl.time_slice_s : nvidia_default_time_slice(slices[i].type_max);
    return round_robin_slot_wait(work_s, slice, slots) * s.cap * shares.capacity;
  }
  return 0;
}

}  // namespace


ssize_t wait_any_until(const std::vector<sg4::ActivityPtr>& activities, double wake) {
  try {
    return wake == kNever ? sg4::Activity::wait_any(activities)
                          : sg4::Activity::wait_any_for(
                                activities, std::max(0.0, wake - sg4::Engine::get_clock()));
  } catch (const simgrid::TimeoutException&) {
    return -1;  // the timer fired first
  }
}

void set_replica_busy(EngineState& st, StageRun& run, bool busy, bool isolated) {
  st.set_busy(run, busy);  // GPU accounting and the busy flag of the share model
  if (isolated) return;
  // Time-sliced neighbours that are computing may run at another rate now: their agent
  // re-applies the shares. Isolated (MIG) slices and idle neighbours need nothing, which
  // keeps this message off the per-batch path in the common cases.
  std::vector<int> changed;
  for (const GpuSlot& s : run.placement.slots) {
    if (st.cluster.gpu(s.gpu).slices.size() < 2) continue;
    const GpuShares shares = st.cluster.shares_of(s.gpu);
    for (const SliceShare& sl : shares.slices)
      if (sl.owner != run.id && sl.busy && !sl.isolated) {
        changed.push_back(s.gpu);
        break;
      }
  }
  if (!changed.empty())
    st.agent_mailboxes[static_cast<size_t>(run.server)]
        ->put_init(new AgentMsg{AgentMsg::Kind::reapply, nullptr, std::move(changed)}, 0)
        ->detach();
}

ServiceActor::ServiceActor(EngineState& st, int64_t id)
    : st_(st), id_(id), group_(st.services.at(id)) {
  const JobState& j = st.jobs[static_cast<size_t>(group_.job)];
  const WorkflowSpec& wf = st.workflow_of(j);
  const StageSpec& sp = wf.stages[static_cast<size_t>(group_.stage)];
  model_ = ServeModel::from_params(sp.params, &st.scenario.catalog);

  // The speed-up of the optimize stages upstream (transitively); with several, the
  // largest: one optimized engine is deployed.
  std::optional<Precision> precision;
  double best = -1;
  std::vector<bool> seen(wf.stages.size(), false);
  std::vector<int> todo = sp.after_index;
  while (!todo.empty()) {
    const auto a = static_cast<size_t>(todo.back());
    todo.pop_back();
    if (seen[a]) continue;
    seen[a] = true;
    if (a < j.speedup_out.size() && j.speedup_out[a] > 0 && j.speedup_out[a] > best) {
      best = j.speedup_out[a];
      precision = j.precision_out[a];
    }
    for (int b : wf.stages[a].after_index) todo.push_back(b);
  }
  speedup_ = best > 0 ? best : 1.0;

  // One stream for arrivals and one for service times, per service, from the run's seed.
  const uint64_t base = st.scenario.seed * 0x9E3779B97F4A7C15ULL ^
                        static_cast<uint64_t>(j.id) * 0xBF58476D1CE4E5B9ULL ^
                        static_cast<uint64_t>(group_.stage + 1) * 0x94D049BB133111EBULL;
  arrival_rng_.seed(base + 1);
  service_rng_.seed(base + 2);

  for (StageRun* r : group_.ready) add_instances(r);
  if (sp.request_times) trace_ = sp.request_times.get();

  if (precision) precision_ = std::string(to_string(*precision));
}

double ServiceActor::next_arrival() {
  double t = kNever;
  if (trace_) {
    if (trace_next_ < trace_->size()) t = start_ + (*trace_)[trace_next_++];
  } else {
    poisson_t_ += model_.sample_interarrival(uniform01(arrival_rng_()));
    t = poisson_t_;
  }
  return t < end_ ? t : kNever;
}

double ServiceActor::peek(size_t k) {
  while (!exhausted_ && ahead_.size() <= k) {
    const double t = next_arrival();
    if (t == kNever)
      exhausted_ = true;
    else
      ahead_.push_back(t);
  }
  return k < ahead_.size() ? ahead_[k] : kNever;
}

void ServiceActor::ingest(double now) {
  const bool jsq = model_.dispatch == Dispatch::jsq;
  while (peek(0) <= now) {
    const double t = ahead_.front();
    ahead_.pop_front();
    st_.recorder.request_arrived(group_.record);
    if (!jsq) {
      shared_.push_back(t);
      continue;
    }
    // Join the shortest queue: requests waiting plus those in service; ties to the
    // lowest index, so that runs are deterministic.
    size_t best = 0, best_len = SIZE_MAX;
    for (size_t i = 0; i < inst_.size(); ++i) {
      if (!serves(inst_[i])) continue;
      const size_t len = inst_[i].queue.size() + inst_[i].batch.size();
      if (len < best_len) best = i, best_len = len;
    }
    if (best_len == SIZE_MAX)
      shared_.push_back(t);  // no instance serves now: held for the replacement
    else
      inst_[best].queue.push_back(t);
  }
}

bool ServiceActor::launchable(const std::deque<double>& q, double now) const {
  return !q.empty() &&
         (static_cast<int>(q.size()) >= model_.max_batch || now >= q.front() + model_.max_delay_s);
}

void ServiceActor::launch_ready(double now) {
  if (model_.dispatch == Dispatch::jsq) {
    for (size_t i = 0; i < inst_.size(); ++i)
      if (!inst_[i].exec && launchable(inst_[i].queue, now)) launch(i, inst_[i].queue);
    return;
  }
  while (!free_.empty() && launchable(shared_, now)) {
    const size_t i = free_.front();
    free_.pop_front();
    launch(i, shared_);
  }
}

void ServiceActor::launch(size_t i, std::deque<double>& q) {
  Instance& in = inst_[i];
  const auto b = std::min<size_t>(q.size(), static_cast<size_t>(model_.max_batch));
  in.batch.assign(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(b));
  q.erase(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(b));
  in.batch_start = sg4::Engine::get_clock();
  // Whole-GPU seconds: the share the slice receives comes from SimGrid (bound / sharing).
  in.work_s = model_.sample_batch_service_time(static_cast<int>(b), *in.board, 1.0, speedup_,
                                               uniform01(service_rng_()));
  set_busy(in.run, true);
  const double padding = slot_padding(st_.cluster, in.gpu, in.run->id, in.work_s);
  in.exec = sg4::this_actor::exec_init((in.work_s + padding) * kGpuSpeed);
  in.exec->set_host(st_.platform.gpus[static_cast<size_t>(in.gpu)]);
  // An isolated (MIG) slice runs at the same rate whatever its neighbours do: its bound is
  // computed once (share computations cost more than the rest of a batch's bookkeeping).
  if (!in.isolated) in.bound = batch_bound(st_.cluster, in.gpu, in.run->id, &in.isolated);
  if (in.bound > 0) in.exec->set_bound(in.bound);
  in.exec->start();
  st_.recorder.batch_started(group_.record);
}

void ServiceActor::complete(size_t i) {
  Instance& in = inst_[i];
  const double now = sg4::Engine::get_clock();
  st_.recorder.batch_done(group_.record, in.run->record, in.batch, in.batch_start, now,
                          in.work_s);
  in.exec = nullptr;
  in.batch.clear();
  // Marked idle only after the next launches: an instance that takes its next batch at
  // once never toggles (each toggle recomputes the GPU's shares and accounting).
  idle_pending_.push_back(in.run);
  if (in.leaving)
    in.gone = true;  // its last batch: it goes (release_departed)
  else if (model_.dispatch == Dispatch::shared_queue)
    free_.push_back(i);
}

void ServiceActor::set_busy(StageRun* run, bool busy) {
  const auto r = static_cast<size_t>(std::max(0, run->replica));
  if (busy_count_.size() <= r) busy_count_.resize(r + 1, 0);
  int& n = busy_count_[r];
  const bool change = busy ? n++ == 0 : --n == 0;
  if (!change) return;
  bool isolated = true;
  for (const Instance& in : inst_)
    if (in.run == run) isolated = isolated && in.isolated;
  set_replica_busy(st_, *run, busy, isolated);
}

double ServiceActor::next_wake() {
  // Without an idle instance nothing can start before a batch completes: arrivals in the
  // meantime are only queued, at their times, when that completion wakes the actor.
  if (model_.dispatch == Dispatch::jsq) {
    bool idle = false;
    double wake = kNever;
    for (const Instance& in : inst_)
      if (!in.exec && serves(in)) {
        idle = true;
        if (!in.queue.empty()) wake = std::min(wake, in.queue.front() + model_.max_delay_s);
      }
    return idle ? std::min(wake, peek(0)) : kNever;
  }
  if (free_.empty()) return kNever;
  // An idle instance takes the next batch when it is full or when its oldest request has
  // waited max_delay, whichever comes first; both are known from the drawn arrivals.
  const size_t need = static_cast<size_t>(model_.max_batch) -
                      std::min(shared_.size(), static_cast<size_t>(model_.max_batch));
  const double full = need == 0 ? 0 : peek(need - 1);
  const double oldest = shared_.empty() ? peek(0) : shared_.front();
  return std::min(full, oldest + model_.max_delay_s);
}

void ServiceActor::operator()() {
  start_ = sg4::Engine::get_clock();
  end_ = model_.duration_s > 0 ? start_ + model_.duration_s : kNever;
  poisson_t_ = start_;
  st_.recorder.service_started(group_.record, start_, static_cast<int>(inst_.size()), speedup_,
                               precision_);
  for (size_t i = 0; i < inst_.size(); ++i) free_.push_back(i);
  const ServiceRecord& rec = st_.recorder.service(group_.record);
  spdlog::debug("service job-{}/{} starts: {} instance(s), speed-up {}", rec.job, rec.stage,
                inst_.size(), speedup_);

  ReplicaInbox inbox(group_.mailbox);
  std::vector<sg4::ActivityPtr> waiting;
  std::vector<size_t> owner;
  double now = start_;  // logical time: a timer may fire an ulp before its target
  for (;;) {
    ingest(now);
    launch_ready(now);
    for (StageRun* r : idle_pending_) set_busy(r, false);
    idle_pending_.clear();
    waiting.clear();
    owner.clear();
    for (size_t i = 0; i < inst_.size(); ++i)
      if (inst_[i].exec) {
        waiting.push_back(inst_[i].exec);
        owner.push_back(i);
      }
    release_departed();
    const double wake = next_wake();
    // No more arrivals, nothing in flight, and no queued request waiting for a replacement.
    bool queued = !shared_.empty();
    for (const Instance& in : inst_) queued = queued || !in.queue.empty();
    if (waiting.empty() && wake == kNever && (pending_ == 0 || !queued)) break;
    const ssize_t k = inbox.wait(waiting, wake, now,
                                 [this](const ServiceMsg& m, double t) { on_message(m, t); });
    if (k < 0) continue;
    complete(owner[static_cast<size_t>(k)]);
  }
  group_.done = true;  // replicas that get ready from now on are released at once
  inbox.close();
  st_.recorder.service_done(group_.record, sg4::Engine::get_clock());
  spdlog::debug("service job-{}/{} done: {} requests", st_.recorder.service(group_.record).job,
                st_.recorder.service(group_.record).stage,
                st_.recorder.service(group_.record).arrived);
  st_.controller_mailbox->put_init(new CtrlMsg{CtrlMsg::Kind::service_done, id_}, 0)->detach();
}

}  // namespace vgpusim::engine
