// The FGD packing experiment's arrival stream, target workload and curve
// (../shared/reference/fgd-experiment.md; docs/alibaba-experiment.md).
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <tuple>

#include "vgpusim/policy/random_draw.hpp"
#include "vgpusim/trace/alibaba_openb.hpp"

namespace vgpusim {

std::vector<size_t> openb_arrival_stream(const std::vector<OpenbPod>& pods, int64_t capacity_milli,
                                         double factor, uint64_t seed) {
  std::vector<size_t> sorted(pods.size());
  std::iota(sorted.begin(), sorted.end(), size_t{0});
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](size_t a, size_t b) { return pods[a].name < pods[b].name; });
  std::mt19937_64 rng(seed);
  std::vector<size_t> stream = sorted;
  shuffle_portable(stream, rng);
  // The target in milli, rounded down: 1.3 x 6,212,000 is exact, other factors need not be.
  const auto target =
      static_cast<int64_t>(std::floor(factor * static_cast<double>(capacity_milli)));
  int64_t total = 0;
  for (size_t i : stream) total += pods[i].total_gpu_milli();
  if (pods.empty()) return stream;
  if (total < target) {
    for (;;) {
      const size_t pick = sorted[draw_below(rng, sorted.size())];
      if (total + pods[pick].total_gpu_milli() > target) break;
      stream.push_back(pick);
      total += pods[pick].total_gpu_milli();
    }
  } else {
    while (total > target && !stream.empty()) {
      const size_t at = draw_below(rng, stream.size());
      total -= pods[stream[at]].total_gpu_milli();
      stream.erase(stream.begin() + static_cast<std::ptrdiff_t>(at));
    }
  }
  return stream;
}

TargetWorkload openb_target_workload(const std::vector<OpenbPod>& pods, double coverage) {
  using Key = std::tuple<int64_t, int, int, std::vector<std::string>>;
  std::map<Key, int64_t> count;
  for (const auto& p : pods) ++count[Key{p.cpu_milli, p.gpu_milli, p.num_gpu, p.gpu_spec}];
  std::vector<std::pair<Key, int64_t>> types(count.begin(), count.end());
  // Most frequent first; the map order (ascending key) breaks ties, stably.
  std::stable_sort(types.begin(), types.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  TargetWorkload w;
  int64_t covered = 0;
  const double n = static_cast<double>(pods.size());
  for (const auto& [k, c] : types) {
    if (static_cast<double>(covered) >= coverage * n) break;
    TaskType t;
    std::tie(t.cpu_milli, t.gpu_milli, t.num_gpu, t.gpu_models) = k;
    t.popularity = static_cast<double>(c);
    w.types.push_back(std::move(t));
    covered += c;
  }
  for (auto& t : w.types) t.popularity /= static_cast<double>(covered);
  return w;
}

std::vector<CurvePoint> allocation_curve(const std::vector<int64_t>& arrived,
                                         const std::vector<int64_t>& allocated,
                                         int64_t capacity_milli, int max_pct) {
  std::vector<CurvePoint> out(static_cast<size_t>(max_pct) + 1);
  std::vector<double> sum(out.size(), 0.0);
  for (size_t x = 0; x < out.size(); ++x) out[x].arrived_pct = static_cast<int>(x);
  const auto cap = static_cast<double>(capacity_milli);
  for (size_t i = 0; i < arrived.size() && i < allocated.size(); ++i) {
    const double a = std::round(100.0 * static_cast<double>(arrived[i]) / cap);
    if (a < 0 || a > max_pct) continue;
    const auto x = static_cast<size_t>(a);
    sum[x] += 100.0 * static_cast<double>(allocated[i]) / cap;
    ++out[x].tasks;
  }
  for (size_t x = 0; x < out.size(); ++x)
    if (out[x].tasks > 0) out[x].allocated_pct = sum[x] / static_cast<double>(out[x].tasks);
  return out;
}

}  // namespace vgpusim
