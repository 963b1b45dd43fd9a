#pragma once
// What a run of a scenario will hold in memory, estimated at validate from its counts (jobs,
// stage runs, servers, GPUs, queued requests, imported tasks) so that a scenario too large
// for the machine is refused with the numbers instead of dying mid-run of bad_alloc or of
// SimGrid's "Failed to allocate stack". Engine-free; docs/robustness.md, "Memory budget",
// has the per-item figures and how they were measured.
#include <string>
#include <utility>
#include <vector>

#include "vgpusim/scenario/scenario.hpp"

namespace vgpusim {

/// Stack of every actor, in KiB (`vgpusim run` sets contexts/stack-size to it; --sg-cfg may
/// change it): one agent per server makes actors count in thousands, and SimGrid's default
/// (8 MiB each) made the openb scenario's 1,213 servers reserve 9.5 GiB of address space.
/// Every shipped scenario runs with 16 KiB (measured); 256 KiB leaves 16x that for
/// policies' (plugins' too) and loggers' frames.
inline constexpr unsigned kActorStackKiB = 256;

struct MemoryEstimate {
  double resident = 0;       // bytes the run is expected to touch (RSS)
  double address_space = 0;  // resident plus the actor stacks' reserved address space
  /// What makes up `resident`, biggest first: "12,000 jobs" -> bytes.
  std::vector<std::pair<std::string, double>> parts;
};

/// The estimate for a loaded scenario (its arrivals and request streams counted, not drawn:
/// this is arithmetic, fast for any size).
MemoryEstimate estimate_memory(const Scenario& s);

/// What a run may use, and where the figure comes from (for the message).
struct MemoryBudget {
  double resident = 0;       // bytes; compared with MemoryEstimate::resident
  double address_space = 0;  // bytes; 0: no limit (compared with address_space)
  std::string source;        // "physical memory", "--memory-budget", ...
};

/// The default: the machine's physical memory (a run beyond it swaps or is killed), or the
/// VGPUSIM_MEMORY_BUDGET environment variable (a size, e.g. 64GiB: sweeps and plans pass it
/// to their workers); the address-space limit is the process's RLIMIT_AS (`ulimit -v`).
/// Throws InputError when the variable is not a size.
MemoryBudget default_memory_budget();

/// The problem, or empty when the estimate fits (for Diagnostic's message).
std::string memory_problem(const MemoryEstimate& e, const MemoryBudget& b);

}  // namespace vgpusim
