#pragma once
// FGD's target workload as the policy uses it: the given one (from the trace importer),
// or, when none is given, one learnt from the requests placed so far (every request type
// seen, popularity = its share of the requests). Learnt popularities are refreshed when
// the number of requests seen doubles, or every `learn_every` requests when that is set,
// because each refresh invalidates the policy's memoised scores.
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/policy/target_workload.hpp"

namespace vgpusim {

class FgdWorkload {
 public:
  explicit FgdWorkload(std::shared_ptr<const TargetWorkload> given);

  const std::vector<TaskType>& types() const { return types_; }
  bool learning() const { return learning_; }

  /// Counts `r` when learning; true when the popularities were refreshed.
  bool learn(const Request& r, int64_t every, const Catalog& catalog);

  /// F = sum_m p_m F_m for a server with `cpu_free` and GPUs with `gpu_free` milli;
  /// allowed[m] says whether type m may run on the server's GPU model.
  double fragment(const std::vector<char>& allowed, int64_t cpu_free,
                  const std::vector<int>& gpu_free) const;

 private:
  bool learning_;
  std::vector<TaskType> types_;
  std::map<std::tuple<int64_t, int, int, std::vector<std::string>>, int64_t> counts_;
  int64_t seen_ = 0, next_refresh_ = 1;
};

}  // namespace vgpusim
