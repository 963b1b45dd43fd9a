#pragma once
// Job arrival times of every workflow, drawn once from the scenario's seed. Engine-free.
#include <cstdint>
#include <vector>

#include "vgpusim/scenario/scenario.hpp"

namespace vgpusim {

struct Arrival {
  double time = 0;
  int workflow = 0;
};

/// All arrivals, sorted by time (ties: workflow order, then draw order). Poisson streams
/// stop after `count` jobs or at the horizon.
std::vector<Arrival> generate_arrivals(const Scenario& s);

/// A uniform double in [0, 1) from the top 53 bits: the same on every platform, unlike
/// std::uniform_real_distribution.
double uniform01(uint64_t bits);

}  // namespace vgpusim
