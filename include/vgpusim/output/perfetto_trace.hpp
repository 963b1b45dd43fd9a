#pragma once
// trace.json (SPEC 2.7): the run as a Chrome / Perfetto trace-event file, openable in
// ui.perfetto.dev or chrome://tracing. docs/outputs.md describes its tracks. Engine-free.
#include <cstddef>
#include <string>

#include "vgpusim/output/run_result.hpp"

namespace vgpusim {

/// Caps that keep the file a size a trace viewer opens (about 100 bytes per event).
struct TraceLimits {
  size_t max_stages = 10000;          // stage attempts, the earliest started first
  size_t max_counter_points = 20000;  // timeline rows; beyond it, means over as many bins
};

/// One process per server (a thread per GPU, more when stages overlap on it, and a thread
/// per VM / stage attempt with its phases nested), and a "cluster" process with counters.
/// Times are microseconds of simulated time.
std::string perfetto_trace_json(const RunResult& r, const TraceLimits& limits = {});

}  // namespace vgpusim
