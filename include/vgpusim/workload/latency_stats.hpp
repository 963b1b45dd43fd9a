#pragma once
// Request latencies of a service in constant memory: a log-bucketed histogram (relative
// resolution 0.1%) for the percentiles, exact sums for the mean, exact min / max, and
// exact counters of the requests at or under each SLO target, so that "fraction under the
// SLO" and "SLO met" never depend on the bucket width. An hour at 1,000 requests/s is
// 3.6M values: kept one by one they would cost tens of MB per service. Engine-free.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace vgpusim {

class LatencyStats {
 public:
  /// Relative width of a bucket: a percentile is reported within half of it.
  static constexpr double kResolution = 1e-3;
  /// Latencies at or under this (seconds) share the first bucket.
  static constexpr double kFloor = 1e-7;

  /// `thresholds`: latencies (s) whose "at or under" counts are kept exactly.
  explicit LatencyStats(std::vector<double> thresholds = {});

  void add(double latency);

  int64_t count() const { return count_; }
  double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0; }
  double min() const { return count_ ? min_ : 0; }
  double max() const { return count_ ? max_ : 0; }
  /// Nearest-rank percentile (p in (0, 100]): the value of rank ceil(p/100 x n), within
  /// kResolution / 2 relative (exact when all values are equal); 0 when empty.
  double percentile(double p) const;

  const std::vector<double>& thresholds() const { return thresholds_; }
  /// Requests with latency <= thresholds()[i].
  int64_t at_or_under(size_t i) const { return under_[i]; }
  /// at_or_under(i) / count(); 0 when empty.
  double fraction_at_or_under(size_t i) const;

 private:
  std::vector<double> thresholds_;
  std::vector<int64_t> under_;
  std::vector<int64_t> buckets_;  // grown on demand
  int64_t count_ = 0;
  double sum_ = 0;
  double min_ = 0, max_ = 0;
};

}  // namespace vgpusim
