#pragma once
// An LLM serve stage (`model:`, docs/serving.md): one long-lived actor per service, like
// ServiceActor, whose model instances run iteration-level batching (LlmBatcher, engine-
// free). Requests and tokens are plain C++ here; SimGrid sees one exec per GPU of an
// instance per step, a step being one batching iteration or several merged while the
// batch does not change. A request that arrives during a merged step and could join cuts
// the step at the end of the iteration in progress.
//
// Replicas come and go while it serves (llm_service_scaling.cpp): the autoscaler asks the
// controller for more and retires the newest; a drained replica is replaced and retired
// once its replacement serves; a lost one (its GPUs failed) gives its sequences back to
// the queue and is replaced. New replicas reach the actor through the service's mailbox.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <simgrid/s4u.hpp>
#include <vector>

#include "engine_state.hpp"
#include "vgpusim/workload/autoscaler.hpp"
#include "vgpusim/workload/llm_batcher.hpp"
#include "vgpusim/workload/serve_model.hpp"

namespace vgpusim::engine {

class LlmServiceActor {
 public:
  LlmServiceActor(EngineState& st, int64_t id);
  void operator()();

 private:
  struct Instance {  // tensor_parallel GPUs of one replica
    StageRun* run = nullptr;
    std::vector<int> gpus;
    std::unique_ptr<LlmCost> cost;
    std::unique_ptr<LlmBatcher> batcher;
    std::unique_ptr<std::deque<LlmSequence>> own;  // jsq: its queue (the batcher points to it)
    std::vector<simgrid::s4u::ExecPtr> execs;
    double unit = 0;   // work units per second of slice time
    double work = 0;   // units of the step in flight, per GPU
    double start = 0;  // when the step started
    bool isolated = false;
    double bound = -1;
    double ready_at = 0;   // serves from then on (a new replica warms up first)
    bool leaving = false;  // admits nothing more; removed once its batch is empty
  };

  void add_instances(StageRun* r, double ready_at);
  bool next_arrival(LlmSequence& out);  // draws from the Poisson process or the trace
  const LlmSequence* peek();
  void ingest(double now);
  void enqueue(const LlmSequence& q, bool front);
  void launch(size_t i, double now);
  void cut(size_t i);  // truncate the merged step in flight at the iteration in progress
  void complete(size_t i, double now);
  void note_kv(double now);
  std::deque<LlmSequence>& queue_of(size_t i);
  int& busy_of(const StageRun& r);
  bool drained_out() const;  // no request left to serve, none in flight

  // Replicas while serving (llm_service_scaling.cpp).
  void on_message(const ServiceMsg& m, double now);
  void evaluate(double now);  // the autoscaler's periodic look
  void want_replica(double now, const std::string& why);
  void retire(StageRun* r, double now, ScaleEventKind kind, const std::string& why);
  void lose(StageRun* r, double now, const std::string& where);
  void announce_ready(double now);  // warmed-up replicas: recorded, a drained one retired
  void remove_departed();           // leaving instances whose batch emptied
  int serving() const;              // replicas not leaving (warming ones included)
  double next_ready(double now) const;

  EngineState& st_;
  int64_t id_;
  ServiceGroup& group_;
  ServeModel model_;
  double warmup_s_ = 0;
  std::vector<Instance> inst_;
  std::deque<LlmSequence> shared_;
  std::deque<LlmSequence> none_;  // the queue of a leaving instance: always empty
  std::vector<LlmSequence> done_;
  std::mt19937_64 arrival_rng_, token_rng_;
  double start_ = 0, end_ = 0;
  double poisson_t_ = 0;
  size_t trace_next_ = 0;
  const std::vector<LlmTraceRequest>* trace_ = nullptr;
  bool has_ahead_ = false, exhausted_ = false;
  LlmSequence ahead_;
  std::vector<int> busy_count_;  // per replica index: instances with a step in flight
  // KV occupancy: time integral of blocks in use, per interval of kv_width_.
  double kv_width_ = 1, kv_last_ = 0;
  int64_t kv_used_ = 0, kv_capacity_ = 0;
  std::vector<double> kv_integral_;
  // Replicas while serving.
  std::optional<Autoscaler> scaler_;
  double next_eval_ = 0;
  int pending_ = 0;                  // asked of the controller, not yet here
  std::vector<StageRun*> warming_;   // here, warming up, not yet announced
  std::deque<StageRun*> drained_;    // to retire once a replacement serves
  double ttft_sum_ = 0;              // requests finished since the last evaluation
  int64_t ttft_n_ = 0;
};

}  // namespace vgpusim::engine
