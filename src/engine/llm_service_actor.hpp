#pragma once
// An LLM serve stage (`model:`, docs/serving.md): one long-lived actor per service, like
// ServiceActor, whose model instances run iteration-level batching (LlmBatcher, engine-
// free). Requests and tokens are plain C++ here; SimGrid sees one exec per GPU of an
// instance per step, a step being one batching iteration or several merged while the
// batch does not change. A request that arrives during a merged step and could join cuts
// the step at the end of the iteration in progress.
#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <simgrid/s4u.hpp>
#include <vector>

#include "engine_state.hpp"
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
    std::deque<LlmSequence> own;  // jsq: its queue
    std::vector<simgrid::s4u::ExecPtr> execs;
    double unit = 0;   // work units per second of slice time
    double work = 0;   // units of the step in flight, per GPU
    double start = 0;  // when the step started
    bool isolated = false;
    double bound = -1;
  };

  bool next_arrival(LlmSequence& out);  // draws from the Poisson process or the trace
  const LlmSequence* peek();
  void ingest(double now);
  void launch(size_t i, double now);
  void cut(size_t i);  // truncate the merged step in flight at the iteration in progress
  void complete(size_t i, double now);
  void note_kv(double now);
  std::deque<LlmSequence>& queue_of(size_t i);

  EngineState& st_;
  int64_t id_;
  ServiceGroup& group_;
  ServeModel model_;
  std::vector<Instance> inst_;
  std::deque<LlmSequence> shared_;
  std::vector<LlmSequence> done_;
  std::mt19937_64 arrival_rng_, token_rng_;
  double start_ = 0, end_ = 0;
  double poisson_t_ = 0;
  size_t trace_next_ = 0;
  const std::vector<LlmTraceRequest>* trace_ = nullptr;
  bool has_ahead_ = false, exhausted_ = false;
  LlmSequence ahead_;
  std::vector<int> busy_count_;  // per replica: instances with a step in flight
  // KV occupancy: time integral of blocks in use, per interval of kv_width_.
  double kv_width_ = 1, kv_last_ = 0;
  int64_t kv_used_ = 0, kv_capacity_ = 0;
  std::vector<double> kv_integral_;
};

}  // namespace vgpusim::engine
