#include "vgpusim/workload/llm_batcher.hpp"

#include <algorithm>
#include <stdexcept>

namespace vgpusim {

LlmBatcher::LlmBatcher(const LlmCost& cost, std::deque<LlmSequence>* waiting)
    : cost_(cost), waiting_(waiting), capacity_(cost.kv_capacity_blocks()) {}

bool LlmBatcher::could_admit(int64_t tokens) const {
  return static_cast<int>(running_.size()) < cost_.serving().max_num_seqs &&
         used_ + cost_.blocks_for(tokens) <= capacity_;
}

bool LlmBatcher::has_work() const {
  if (!running_.empty()) return true;
  return !waiting_->empty() &&
         could_admit(waiting_->front().prompt + waiting_->front().output);
}

const LlmStep& LlmBatcher::plan(int max_merge) {
  const LlmServing& s = cost_.serving();
  int64_t budget = s.max_batched_tokens;
  bool all_decode = true;
  double tokens = 0, context = 0;
  // Running sequences first, in the order they were admitted: decodes take one token,
  // a prompt still in prefill the next chunk the budget allows.
  for (Slot& sl : running_) {
    const int64_t left = sl.seq.prompt - sl.seq.prefilled;
    sl.chunk = std::min(left > 0 ? left : 1, budget);
    if (left > 0) all_decode = false;
    budget -= sl.chunk;
    tokens += static_cast<double>(sl.chunk);
    if (sl.chunk > 0)  // KV in the cache after the iteration
      context += static_cast<double>(left > 0 ? sl.seq.prefilled + sl.chunk
                                              : sl.seq.prompt + sl.seq.generated);
  }
  // Then waiting requests, first come first served: the head blocks the others.
  while (budget > 0 && !waiting_->empty() &&
         could_admit(waiting_->front().prompt + waiting_->front().output)) {
    Slot sl{waiting_->front(), 0};
    waiting_->pop_front();
    sl.seq.blocks = cost_.blocks_for(sl.seq.prompt + sl.seq.output);
    used_ += sl.seq.blocks;
    sl.chunk = std::min(sl.seq.prompt, budget);
    budget -= sl.chunk;
    tokens += static_cast<double>(sl.chunk);
    context += static_cast<double>(sl.chunk);
    all_decode = false;
    running_.push_back(sl);
  }
  if (running_.empty()) throw std::logic_error("LlmBatcher::plan without work");
  step_.ends.assign(1, cost_.iteration_time(tokens, context));
  step_.first_tokens = static_cast<int64_t>(tokens);
  // Merge decode iterations while the batch stays the same: up to the first sequence that
  // finishes; only when nobody waiting could join meanwhile (it could not: admission needs
  // a slot or blocks that only a finishing sequence frees) and every sequence got its token.
  const bool blocked = waiting_->empty() ||
                       !could_admit(waiting_->front().prompt + waiting_->front().output);
  if (all_decode && blocked && budget >= 0 && tokens == static_cast<double>(running_.size())) {
    int64_t m = max_merge;
    for (const Slot& sl : running_) m = std::min(m, sl.seq.output - sl.seq.generated);
    const double b = tokens;
    for (int64_t i = 1; i < m; ++i)
      step_.ends.push_back(step_.ends.back() +
                           cost_.iteration_time(b, context + b * static_cast<double>(i)));
  }
  return step_;
}

void LlmBatcher::truncate(int k) {
  if (k >= 1 && k < step_.iterations()) step_.ends.resize(static_cast<size_t>(k));
}

void LlmBatcher::finish(double now, std::vector<LlmSequence>& done) {
  const int64_t k = step_.iterations();
  for (Slot& sl : running_) {
    if (sl.chunk == 0) continue;
    if (sl.seq.prefilled < sl.seq.prompt) {
      sl.seq.prefilled += sl.chunk;  // a prefill step is never merged: k == 1
      if (sl.seq.prefilled == sl.seq.prompt) {
        sl.seq.generated = 1;  // the last prefill chunk yields the first token
        sl.seq.first_token = now;
      }
    } else {
      sl.seq.generated += k;
    }
  }
  // Stable compaction in place (std::stable_partition allocates a buffer per call, which
  // showed in profiles of the 1,000 req/s bench).
  size_t keep = 0;
  for (size_t i = 0; i < running_.size(); ++i) {
    Slot& sl = running_[i];
    if (sl.seq.generated < sl.seq.output) {
      if (keep != i) running_[keep] = sl;
      ++keep;
      continue;
    }
    sl.seq.finish = now;
    used_ -= sl.seq.blocks;
    done.push_back(sl.seq);
  }
  running_.resize(keep);
  step_.ends.clear();
}

void LlmBatcher::evict(std::deque<LlmSequence>& queue) {
  for (auto it = running_.rbegin(); it != running_.rend(); ++it) {
    LlmSequence q = it->seq;
    q.prefilled = q.generated = q.blocks = 0;
    q.first_token = q.finish = -1;
    queue.push_front(q);
  }
  running_.clear();
  used_ = 0;
  step_ = {};
}

}  // namespace vgpusim
