#pragma once
// Iteration-level (continuous) batching of one LLM model instance, as vLLM's scheduler
// does it (docs/serving.md): every iteration first gives each running sequence its tokens
// (one per decoding sequence, a chunk of the prompt to one still in prefill), then admits
// waiting requests first-come first-served while a sequence slot, token budget and KV
// blocks are left. A request reserves the KV blocks of its whole sequence (prompt +
// output) when admitted, so that no sequence is ever preempted. Engine-free: the engine
// runs the planned step as SimGrid execs and reports back when it ended.
#include <cstdint>
#include <deque>
#include <vector>

#include "vgpusim/workload/llm_model.hpp"

namespace vgpusim {

struct LlmSequence {
  double arrival = 0;
  int64_t prompt = 0, output = 0;
  int64_t prefilled = 0;  // prompt tokens already through the model
  int64_t generated = 0;  // output tokens produced
  double first_token = -1;
  double finish = -1;
  int64_t blocks = 0;  // KV blocks reserved
};

/// Iterations run back to back as one activity. More than one only when nothing changes
/// between them: every running sequence decodes and no waiting request can be admitted.
struct LlmStep {
  std::vector<double> ends;  // cumulative seconds on the slice at the end of each iteration
  int64_t first_tokens = 0;  // new tokens of the first iteration
  int iterations() const { return static_cast<int>(ends.size()); }
  double time() const { return ends.empty() ? 0 : ends.back(); }
};

class LlmBatcher {
 public:
  /// `waiting` may be shared by several instances (a shared queue) or be this one's own.
  LlmBatcher(const LlmCost& cost, std::deque<LlmSequence>* waiting);

  /// A request of `tokens` (prompt + output) at the head of the queue would be admitted at
  /// the next iteration boundary.
  bool could_admit(int64_t tokens) const;
  /// Something to run: sequences running, or the head of the queue admissible.
  bool has_work() const;
  size_t running() const { return running_.size(); }

  /// At an iteration boundary: forms the batch and returns the step to run (>= 1 iteration;
  /// merged over up to `max_merge` iterations). Needs has_work().
  const LlmStep& plan(int max_merge);
  /// Keeps only the first k iterations of the planned step (a request arrived that can
  /// join at the end of iteration k).
  void truncate(int k);
  /// The planned step ended at `now`: tokens are accounted, finished sequences appended to
  /// `done` (with their times) and their blocks freed.
  void finish(double now, std::vector<LlmSequence>& done);

  /// The instance is lost (its GPU failed) between two steps: its running sequences start
  /// over, before `queue`'s requests (their arrival times kept, their tokens and first
  /// token forgotten), and their blocks are freed.
  void evict(std::deque<LlmSequence>& queue);
  /// Where later admissions come from (a replica being removed admits from an empty queue).
  void set_queue(std::deque<LlmSequence>* waiting) { waiting_ = waiting; }

  int64_t used_blocks() const { return used_; }
  int64_t capacity_blocks() const { return capacity_; }
  const LlmStep& step() const { return step_; }

 private:
  struct Slot {
    LlmSequence seq;
    int64_t chunk = 0;  // tokens of this sequence in the current step's first iteration
  };
  const LlmCost& cost_;
  std::deque<LlmSequence>* waiting_;
  std::vector<Slot> running_;
  LlmStep step_;
  int64_t used_ = 0, capacity_ = 0;
};

}  // namespace vgpusim
