#include "vgpusim/workload/autoscaler.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace vgpusim {
namespace {

// HPA: desired = ceil(current x ratio) where ratio = metric / target, unless the ratio is
// within the tolerance of 1.
int desired(int current, double ratio) {
  if (std::abs(ratio - 1.0) <= kAutoscaleTolerance) return current;
  return static_cast<int>(std::ceil(static_cast<double>(current) * ratio - 1e-9));
}

}  // namespace

int Autoscaler::recommend(double now, int current, const Observation& o) {
  const int base = std::max(1, current);
  int want = spec_.min;
  why_.clear();
  if (spec_.target_queue > 0) {
    const double per_replica = o.waiting / base;
    const int d = desired(base, per_replica / spec_.target_queue);
    if (d >= want) {
      want = d;
      why_ = fmt::format("queue {:g} per replica, target {:g}", per_replica, spec_.target_queue);
    }
  }
  if (spec_.target_ttft_s > 0) {
    const double ttft = std::max(0.0, o.ttft_s);
    const int d = desired(base, ttft / spec_.target_ttft_s);
    if (d >= want) {
      want = d;
      why_ = fmt::format("TTFT {:.6g} s, target {:.6g} s", ttft, spec_.target_ttft_s);
    }
  }
  want = std::clamp(want, spec_.min, spec_.max);
  history_.emplace_back(now, want);
  return want;
}

int Autoscaler::stable(double now) {
  while (!history_.empty() && history_.front().first < now - spec_.scale_down_after_s)
    history_.pop_front();
  int most = spec_.min;
  for (const auto& [t, n] : history_) most = std::max(most, n);
  return most;
}

}  // namespace vgpusim
