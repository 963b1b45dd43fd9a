#include "llm_service_actor.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "platform_builder.hpp"
#include "service_actor.hpp"  // batch_bound, set_replica_busy, wait_any_until
#include "vgpusim/scenario/arrivals.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();
constexpr int kMaxMerge = 1 << 20;       // iterations one step may merge
constexpr int kKvPoints = 200;           // KV occupancy intervals over the request span

}  // namespace

LlmServiceActor::LlmServiceActor(EngineState& st, int64_t id)
    : st_(st), id_(id), group_(st.services.at(id)) {
  const JobState& j = st.jobs[static_cast<size_t>(group_.job)];
  const StageSpec& sp = st.workflow_of(j).stages[static_cast<size_t>(group_.stage)];
  model_ = ServeModel::from_params(sp.params, &st.scenario.catalog);
  warmup_s_ = model_.llm->warmup_s;
  if (sp.autoscale) scaler_.emplace(*sp.autoscale);
  for (StageRun* r : group_.ready) add_instances(r, 0);
  if (sp.llm_requests) trace_ = sp.llm_requests.get();

  const uint64_t base = st.scenario.seed * 0x9E3779B97F4A7C15ULL ^
                        static_cast<uint64_t>(j.id) * 0xBF58476D1CE4E5B9ULL ^
                        static_cast<uint64_t>(group_.stage + 1) * 0x94D049BB133111EBULL;
  arrival_rng_.seed(base + 1);
  token_rng_.seed(base + 3);
}

void LlmServiceActor::add_instances(StageRun* r, double ready_at) {
  const JobState& j = st_.jobs[static_cast<size_t>(group_.job)];
  const StageSpec& sp = st_.workflow_of(j).stages[static_cast<size_t>(group_.stage)];
  const LlmServing& serving = *model_.llm;
  const VgpuType* type = sp.demand.kind == GpuDemand::Kind::vgpu
                             ? st_.scenario.catalog.find_vgpu(sp.demand.vgpu_type)
                             : nullptr;
  const int milli = sp.demand.kind == GpuDemand::Kind::milli ? sp.demand.milli : 0;
  const auto tp = static_cast<size_t>(serving.tensor_parallel);
  for (size_t first = 0; first + tp <= r->placement.slots.size(); first += tp) {
    Instance in;
    in.run = r;
    in.ready_at = ready_at;
    for (size_t k = first; k < first + tp; ++k) in.gpus.push_back(r->placement.slots[k].gpu);
    const GpuModel& board = *st_.cluster.gpu(in.gpus.front()).model;
    const StageSlice ss = stage_slice(board, type, milli, static_cast<int>(tp));
    in.cost = std::make_unique<LlmCost>(
        serving, LlmSlice{&board, ss.framebuffer, ss.compute_fraction, ss.memory_fraction});
    // Work units per second of slice time: a MIG slice's execs run capped at its
    // compute fraction, a time-sliced one's at the share SimGrid gives it of a whole GPU.
    in.unit = ss.compute_fraction * kGpuSpeed;
    in.own = std::make_unique<std::deque<LlmSequence>>();
    in.batcher = std::make_unique<LlmBatcher>(
        *in.cost, model_.dispatch == Dispatch::jsq ? in.own.get() : &shared_);
    kv_capacity_ += in.batcher->capacity_blocks();
    inst_.push_back(std::move(in));
  }
  busy_of(*r);  // sized for its replica index
}

int& LlmServiceActor::busy_of(const StageRun& r) {
  const auto k = static_cast<size_t>(std::max(0, r.replica));
  if (busy_count_.size() <= k) busy_count_.resize(k + 1, 0);
  return busy_count_[k];
}

std::deque<LlmSequence>& LlmServiceActor::queue_of(size_t i) {
  return model_.dispatch == Dispatch::jsq ? *inst_[i].own : shared_;
}

bool LlmServiceActor::next_arrival(LlmSequence& out) {
  if (trace_) {
    if (trace_next_ >= trace_->size()) return false;
    const LlmTraceRequest& r = (*trace_)[trace_next_++];
    out = LlmSequence{start_ + r.time, r.prompt, r.output};
  } else {
    poisson_t_ += model_.sample_interarrival(uniform01(arrival_rng_()));
    const LlmRequests& q = model_.llm_requests;
    // Four draws per request whatever the distribution, so that changing it keeps the
    // arrival times and the other draws aligned.
    const double u[4] = {uniform01(token_rng_()), uniform01(token_rng_()),
                         uniform01(token_rng_()), uniform01(token_rng_())};
    out = LlmSequence{poisson_t_,
                      sample_tokens(q.prompt_tokens, q.distribution, q.sigma, u[0], u[1]),
                      sample_tokens(q.output_tokens, q.distribution, q.sigma, u[2], u[3])};
  }
  return out.arrival < end_;
}

const LlmSequence* LlmServiceActor::peek() {
  if (!has_ahead_ && !exhausted_) {
    has_ahead_ = next_arrival(ahead_);
    exhausted_ = !has_ahead_;
  }
  return has_ahead_ ? &ahead_ : nullptr;
}

void LlmServiceActor::ingest(double now) {
  const int64_t limit = model_.llm->context_limit();
  for (const LlmSequence* a = peek(); a && a->arrival <= now; a = peek()) {
    has_ahead_ = false;
    st_.recorder.request_arrived(group_.record);
    if (ahead_.prompt + ahead_.output > limit) {
      st_.recorder.llm_request_rejected(group_.record);  // vLLM refuses it too
      continue;
    }
    enqueue(ahead_, false);
  }
}

void LlmServiceActor::enqueue(const LlmSequence& q, bool front) {
  size_t best = SIZE_MAX;
  if (model_.dispatch == Dispatch::jsq) {
    // Join the shortest queue: requests waiting plus running, among the instances that
    // stay; ties to the lowest index.
    size_t best_len = SIZE_MAX;
    for (size_t i = 0; i < inst_.size(); ++i) {
      if (inst_[i].leaving) continue;
      const size_t len = inst_[i].own->size() + inst_[i].batcher->running();
      if (len < best_len) best = i, best_len = len;
    }
  }
  std::deque<LlmSequence>& q_to = best == SIZE_MAX ? shared_ : *inst_[best].own;
  if (front)
    q_to.push_front(q);
  else
    q_to.push_back(q);
}

void LlmServiceActor::note_kv(double now) {
  // Integrates blocks in use since kv_last_ into the intervals it spans.
  while (kv_last_ < now) {
    auto b = static_cast<size_t>((kv_last_ - start_) / kv_width_);
    double edge = start_ + static_cast<double>(b + 1) * kv_width_;
    if (edge <= kv_last_) edge = start_ + static_cast<double>(++b + 1) * kv_width_;  // rounding
    edge = std::min(now, edge);
    if (kv_integral_.size() <= b) kv_integral_.resize(b + 1, 0.0);
    kv_integral_[b] += static_cast<double>(kv_used_) * (edge - kv_last_);
    kv_last_ = edge;
  }
}

void LlmServiceActor::launch(size_t i, double now) {
  Instance& in = inst_[i];
  note_kv(now);
  const int64_t before = in.batcher->used_blocks();
  const LlmStep& step = in.batcher->plan(kMaxMerge);
  kv_used_ += in.batcher->used_blocks() - before;
  if (kv_capacity_ > 0)
    st_.recorder.llm_kv_level(group_.record,
                              static_cast<double>(kv_used_) / static_cast<double>(kv_capacity_));
  in.work = step.time() * in.unit;
  in.start = now;
  if (busy_of(*in.run)++ == 0) set_replica_busy(st_, *in.run, true, in.isolated);
  in.execs.clear();
  for (int g : in.gpus) {
    sg4::ExecPtr e = sg4::this_actor::exec_init(in.work);
    e->set_host(st_.platform.gpus[static_cast<size_t>(g)]);
    // A MIG slice's bound never changes: computed once (share computations cost more than
    // the rest of a step's bookkeeping).
    if (!in.isolated) in.bound = batch_bound(st_.cluster, g, in.run->id, &in.isolated);
    if (in.bound > 0) e->set_bound(in.bound);
    e->start();
    in.execs.push_back(e);
  }
  st_.recorder.batch_started(group_.record);
}

void LlmServiceActor::cut(size_t i) {
  Instance& in = inst_[i];
  const LlmStep& step = in.batcher->step();
  if (step.iterations() < 2 || in.execs.size() != in.gpus.size()) return;
  double remaining = kNever;
  for (const auto& e : in.execs) remaining = std::min(remaining, e->get_remaining());
  const double done_t = (in.work - remaining) / in.unit;
  // The iteration in progress: the first whose end is not behind us.
  const auto it = std::upper_bound(step.ends.begin(), step.ends.end(), done_t);
  const auto keep = static_cast<int>(it - step.ends.begin()) + 1;
  if (keep >= step.iterations()) return;
  const double beyond = (step.time() - step.ends[static_cast<size_t>(keep - 1)]) * in.unit;
  in.batcher->truncate(keep);
  in.work -= beyond;
  for (size_t k = 0; k < in.execs.size(); ++k) {
    const double left = std::max(0.0, in.execs[k]->get_remaining() - beyond);
    in.execs[k]->cancel();
    sg4::ExecPtr e = sg4::this_actor::exec_init(left);
    e->set_host(st_.platform.gpus[static_cast<size_t>(in.gpus[k])]);
    if (in.bound > 0) e->set_bound(in.bound);
    e->start();
    in.execs[k] = e;
  }
}

void LlmServiceActor::complete(size_t i, double now) {
  Instance& in = inst_[i];
  st_.recorder.llm_step_done(group_.record, in.run->record, in.batcher->step().iterations(),
                             static_cast<int>(in.gpus.size()), in.start, now,
                             in.work / kGpuSpeed);
  note_kv(now);
  const int64_t before = in.batcher->used_blocks();
  done_.clear();
  in.batcher->finish(now, done_);
  kv_used_ += in.batcher->used_blocks() - before;
  for (const LlmSequence& q : done_) {
    st_.recorder.llm_request_done(group_.record,
                                  {q.arrival, q.first_token, q.finish, q.prompt, q.output});
    ttft_sum_ += q.first_token - q.arrival;
    ++ttft_n_;
  }
  in.execs.clear();
}

bool LlmServiceActor::drained_out() const {
  // Nothing in flight and no request left: replicas asked for or warming up are not needed
  // then. Requests still queued that no instance can take wait for those coming.
  bool queued = !shared_.empty();
  for (const Instance& in : inst_) {
    if (!in.execs.empty() || in.batcher->running() > 0) return false;
    queued = queued || !in.own->empty();
  }
  if (!queued) return true;
  for (const Instance& in : inst_)
    if (in.batcher->has_work()) return false;  // a warming instance will take them
  return pending_ == 0;
}

void LlmServiceActor::operator()() {
  // The first replicas warm up before serving (profiling run, KV cache, CUDA graphs).
  if (warmup_s_ > 0) sg4::this_actor::sleep_for(warmup_s_);
  start_ = sg4::Engine::get_clock();
  end_ = model_.duration_s > 0 ? start_ + model_.duration_s : kNever;
  poisson_t_ = start_;
  kv_last_ = start_;
  double span = model_.duration_s;
  if (trace_ && !trace_->empty())
    span = span > 0 ? std::min(span, trace_->back().time) : trace_->back().time;
  kv_width_ = std::max(1e-3, span / kKvPoints);
  st_.recorder.llm_service_started(group_.record, start_, static_cast<int>(inst_.size()),
                                   model_.llm->model.name, kv_capacity_,
                                   model_.slo_ttft_s.value_or(-1), model_.slo_tpot_s.value_or(-1),
                                   model_.slo_latency_s.value_or(-1));
  spdlog::debug("LLM service {} starts: {} instance(s) of {}", id_, inst_.size(),
                model_.llm->model.name);
  if (scaler_) next_eval_ = start_ + scaler_->spec().interval_s;

  ReplicaInbox inbox(group_.mailbox);
  std::vector<sg4::ActivityPtr> waiting;
  std::vector<size_t> owner;
  std::vector<size_t> finished;
  double now = start_;  // logical time: a timer may fire an ulp before its target
  for (;;) {
    ingest(now);
    announce_ready(now);
    if (scaler_ && now >= next_eval_) {
      evaluate(now);
      while (next_eval_ <= now) next_eval_ += scaler_->spec().interval_s;
    }
    bool idle = false, mergeable = false, cut_one = false;
    for (size_t i = 0; i < inst_.size(); ++i) {
      Instance& in = inst_[i];
      if (in.ready_at > now) continue;  // warming up
      if (in.execs.empty() && in.batcher->has_work()) launch(i, now);
      if (in.execs.empty()) {
        idle = idle || !in.leaving;
        continue;
      }
      if (in.batcher->step().iterations() < 2) continue;
      // A merged step is cut when a waiting request could join now (one instance per
      // request with a shared queue: the first).
      const std::deque<LlmSequence>& q = in.leaving ? none_ : queue_of(i);
      if (!q.empty() && !cut_one && in.batcher->could_admit(q.front().prompt + q.front().output)) {
        cut(i);
        cut_one = model_.dispatch == Dispatch::shared_queue;
      }
      mergeable = mergeable || in.batcher->step().iterations() > 1;
    }
    for (size_t i : finished)  // idle only now: an instance that went on never toggles
      if (inst_[i].execs.empty() && --busy_of(*inst_[i].run) == 0)
        set_replica_busy(st_, *inst_[i].run, false, inst_[i].isolated);
    finished.clear();
    remove_departed();
    waiting.clear();
    owner.clear();
    for (size_t i = 0; i < inst_.size(); ++i)
      for (const auto& e : inst_[i].execs) {
        waiting.push_back(e);
        owner.push_back(i);
      }
    // Arrivals matter before the next completion only to an idle instance or to a merged
    // step they could cut; otherwise they wait, at their times, for the next boundary.
    const LlmSequence* next = (idle || mergeable) ? peek() : nullptr;
    if (waiting.empty() && !peek() && drained_out()) break;
    double wake = next ? next->arrival : kNever;
    wake = std::min(wake, next_ready(now));
    // The autoscaler looks while there is something to serve; with no request to come and
    // none it could take, only a replica on its way (the mailbox) can change anything.
    if (scaler_ && (peek() || !waiting.empty())) wake = std::min(wake, next_eval_);
    const ssize_t k = inbox.wait(waiting, wake, now,
                                 [this](const ServiceMsg& m, double t) { on_message(m, t); });
    if (k < 0) continue;
    const size_t i = owner[static_cast<size_t>(k)];
    auto& execs = inst_[i].execs;
    execs.erase(std::find(execs.begin(), execs.end(), waiting[static_cast<size_t>(k)]));
    if (execs.empty()) {
      // The step's GPUs are all done: account it, and mark the replica idle if nothing
      // follows.
      complete(i, now);
      finished.push_back(i);
    }
  }
  // From now on replicas that get ready are released at once (hold_replica).
  group_.done = true;
  inbox.close();
  // Requests that could never be admitted (none with a validated scenario) count as refused.
  size_t stuck = shared_.size();
  for (const Instance& in : inst_) stuck += in.own->size();
  for (size_t q = 0; q < stuck; ++q) st_.recorder.llm_request_rejected(group_.record);
  const double end = sg4::Engine::get_clock();
  note_kv(end);
  std::vector<std::pair<double, double>> series;
  for (size_t b = 0; b < kv_integral_.size(); ++b) {
    const double from = start_ + static_cast<double>(b) * kv_width_;
    const double width = std::min(kv_width_, end - from);
    if (width > 0 && kv_capacity_ > 0)
      series.emplace_back(from, kv_integral_[b] / width / static_cast<double>(kv_capacity_));
  }
  st_.recorder.llm_kv_series(group_.record, std::move(series));
  st_.recorder.service_done(group_.record, end);
  spdlog::debug("LLM service {} done", id_);
  st_.controller_mailbox->put_init(new CtrlMsg{CtrlMsg::Kind::service_done, id_}, 0)->detach();
}

}  // namespace vgpusim::engine
