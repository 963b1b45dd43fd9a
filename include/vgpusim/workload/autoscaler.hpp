#pragma once
// The autoscaler of an LLM service (`replicas: {min, max, target}`, docs/serving.md
// "Autoscaling"), following the Kubernetes Horizontal Pod Autoscaler's rule: every
// `interval` it computes desired = ceil(current x metric / target) (skipped within a
// tolerance of 10 % around the target), clamps it to [min, max], scales up at once and
// scales down to the highest recommendation of the last `scale_down_after`. Engine-free:
// the service actor observes, this decides.
#include <deque>
#include <string>
#include <utility>

namespace vgpusim {

/// `replicas: {min, max, target: {queue | ttft}, interval, scale_down_after}`.
struct AutoscaleSpec {
  int min = 1, max = 1;
  double target_queue = 0;          // requests waiting for admission per replica; 0: none
  double target_ttft_s = 0;         // time to first token; 0: none
  double interval_s = 15;           // HPA --horizontal-pod-autoscaler-sync-period default
  double scale_down_after_s = 300;  // HPA behavior.scaleDown.stabilizationWindowSeconds default
};

/// HPA's --horizontal-pod-autoscaler-tolerance default: no change while the metric is
/// within 10 % of its target.
inline constexpr double kAutoscaleTolerance = 0.1;

class Autoscaler {
 public:
  explicit Autoscaler(const AutoscaleSpec& spec) : spec_(spec) {}

  /// What the service saw at an evaluation: requests waiting for admission, and the time
  /// to first token (the mean of requests finished since the last evaluation, or the wait
  /// of the oldest request not admitted if longer; < 0 when there is neither).
  struct Observation {
    double waiting = 0;
    double ttft_s = -1;
  };

  /// The replicas wanted at `now` by `current` (serving plus requested), within [min, max];
  /// kept for the scale-down window. `why()` says which metric decided.
  int recommend(double now, int current, const Observation& o);
  /// Scale-down target: the highest recommendation of the last scale_down_after.
  int stable(double now);
  const std::string& why() const { return why_; }
  const AutoscaleSpec& spec() const { return spec_; }

 private:
  AutoscaleSpec spec_;
  std::deque<std::pair<double, int>> history_;  // (time, recommendation)
  std::string why_;
};

}  // namespace vgpusim
