#pragma once
// trace.json (SPEC 2.7): the run as a Chrome / Perfetto trace-event file, openable in
// ui.perfetto.dev or chrome://tracing. docs/outputs.md describes its tracks. Engine-free.
#include <cstddef>
#include <string>

#include "vgpusim/output/run_result.hpp"

namespace vgpusim {

/// Caps that keep the file a size a trace viewer opens.
struct TraceLimits {
  size_t max_bytes = size_t{256} << 20;  // stage slices stop once the text reaches this
  size_t max_counter_points = 20000;     // timeline rows; beyond it, means over as many bins
};

/// What went into a trace: stage attempts that ran and those drawn (fewer when capped).
struct TraceStats {
  size_t stages_run = 0, stages_in_trace = 0;
  bool capped = false;
};

/// One process per server, with a thread per GPU lane: each placement interval of a stage
/// (placements.csv) is a slice on a lane of each of its GPUs, its phases nested inside; a
/// lane is reused by the next VM once the previous one left. Migrations are flow arrows
/// from source to destination, drains / failures / restores / power-offs / boots instant
/// events; a "cluster" process holds counters. Times are integer nanoseconds of simulated
/// time, written as microseconds.
std::string perfetto_trace_json(const RunResult& r, const TraceLimits& limits = {},
                                TraceStats* stats = nullptr);

}  // namespace vgpusim
