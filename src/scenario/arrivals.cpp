#include "vgpusim/scenario/arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace vgpusim {

double uniform01(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

std::vector<Arrival> generate_arrivals(const Scenario& s) {
  std::vector<Arrival> all;
  for (size_t w = 0; w < s.workflows.size(); ++w) {
    const ArrivalSpec& a = s.workflows[w].arrival;
    if (a.process == ArrivalSpec::Process::times) {
      for (double t : a.times) all.push_back({t, static_cast<int>(w)});
      continue;
    }
    // One stream per workflow, so adding a workflow does not change the others' arrivals.
    std::mt19937_64 rng(s.seed * 0x9E3779B97F4A7C15ULL + w + 1);
    double t = a.start;
    for (int64_t i = 0; a.count == 0 || i < a.count; ++i) {
      t += -std::log1p(-uniform01(rng())) / a.rate;
      if (s.horizon > 0 && t > s.horizon) break;
      all.push_back({t, static_cast<int>(w)});
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Arrival& x, const Arrival& y) { return x.time < y.time; });
  return all;
}

}  // namespace vgpusim
