#pragma once
// Runs a validated scenario on SimGrid. Only one simulation per process (SimGrid keeps
// global state), which is why tests run the binary rather than this function.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "vgpusim/output/run_result.hpp"
#include "vgpusim/scenario/scenario.hpp"

namespace vgpusim {

struct SimulationOptions {
  std::vector<std::string> sg_cfg;  // extra --cfg=key:value for SimGrid
  std::vector<std::string> sg_log;  // extra --log=... for SimGrid
  bool progress = false;            // progress line on stderr
  int64_t explain_job = 0;          // > 0: record the placement attempts of this job (--explain)
  /// Called once the SimGrid engine exists: SimGrid installs its own SIGINT handler (print
  /// the actors, exit 1), which the CLI replaces with its own here (cli/interrupts.hpp).
  std::function<void()> on_engine_created;
  /// The output folder (made ready, prepare_output_dir): stages.csv, jobs.csv,
  /// placements.csv and timeline.csv are written there while the run goes (RunRecorder::
  /// stream_to). Empty: every record is kept for the caller and nothing is written.
  std::filesystem::path out;
  /// With `out`: keep the records in the RunResult too (trace.json is drawn from them).
  bool keep_records = true;
};

RunResult simulate(const Scenario& scenario, const SimulationOptions& options);

}  // namespace vgpusim
