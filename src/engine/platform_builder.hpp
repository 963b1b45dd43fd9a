#pragma once
// Builds the SimGrid platform of a scenario in code: server hosts behind their NICs in one
// star zone (or one per rack), each server's GPUs as hosts beside it, a star core, and a
// services zone with the storage/registry host and the control host.
#include <simgrid/s4u.hpp>
#include <vector>

#include "vgpusim/scenario/scenario.hpp"

namespace vgpusim::engine {

/// GPU hosts run at this many work units per second: an exec of `s * kGpuSpeed` units
/// takes s seconds on a whole, otherwise idle GPU.
inline constexpr double kGpuSpeed = 1e9;

struct Platform {
  simgrid::s4u::Host* storage = nullptr;
  simgrid::s4u::Host* control = nullptr;
  std::vector<simgrid::s4u::Host*> servers;  // by global server index
  std::vector<simgrid::s4u::Host*> gpus;     // by global GPU index
  std::vector<int> server_pool;              // pool index per server
  std::vector<std::string> server_names;     // "a100[3]"
};

Platform build_platform(const Scenario& s);

}  // namespace vgpusim::engine
