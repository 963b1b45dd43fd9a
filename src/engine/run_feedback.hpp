#pragma once
// What a person sees while a run goes: log lines stamped with the simulated clock, and a
// progress line on a terminal.
#include <functional>

namespace vgpusim::engine {

/// Log lines get the simulated time ("[  3h 12m 05.250s]") instead of the wall clock.
void stamp_logs_with_simulated_clock();

/// Redraws one status line on stderr at most twice a wall-clock second: simulated time,
/// jobs done out of known, and an ETA from the share of jobs done (or of the horizon).
/// `jobs_done` and `jobs_total` are read when the line is redrawn.
void show_progress(std::function<long()> jobs_done, long jobs_total, double horizon);
/// Clears the progress line (end of run).
void end_progress();

}  // namespace vgpusim::engine
