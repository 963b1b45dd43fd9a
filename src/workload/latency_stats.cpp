#include "vgpusim/workload/latency_stats.hpp"

#include <algorithm>
#include <cmath>

namespace vgpusim {
namespace {

const double kLogStep = std::log1p(LatencyStats::kResolution);

size_t bucket_of(double x) {
  if (!(x > LatencyStats::kFloor)) return 0;
  return 1 + static_cast<size_t>(std::log(x / LatencyStats::kFloor) / kLogStep);
}

/// Geometric middle of bucket i (> 0): its values lie in [floor g^(i-1), floor g^i).
double middle_of(size_t i) {
  return LatencyStats::kFloor * std::exp((static_cast<double>(i) - 0.5) * kLogStep);
}

}  // namespace

LatencyStats::LatencyStats(std::vector<double> thresholds)
    : thresholds_(std::move(thresholds)), under_(thresholds_.size(), 0) {}

void LatencyStats::add(double latency) {
  const size_t b = bucket_of(latency);
  if (b >= buckets_.size()) buckets_.resize(b + 1, 0);
  ++buckets_[b];
  if (count_ == 0) {
    min_ = max_ = latency;
  } else {
    min_ = std::min(min_, latency);
    max_ = std::max(max_, latency);
  }
  ++count_;
  sum_ += latency;
  for (size_t i = 0; i < thresholds_.size(); ++i)
    if (latency <= thresholds_[i]) ++under_[i];
}

double LatencyStats::percentile(double p) const {
  if (count_ == 0) return 0;
  const auto rank = std::clamp<int64_t>(
      static_cast<int64_t>(std::ceil(p / 100.0 * static_cast<double>(count_))), 1, count_);
  int64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) return i == 0 ? min_ : std::clamp(middle_of(i), min_, max_);
  }
  return max_;
}

double LatencyStats::fraction_at_or_under(size_t i) const {
  return count_ ? static_cast<double>(under_[i]) / static_cast<double>(count_) : 0;
}

}  // namespace vgpusim
