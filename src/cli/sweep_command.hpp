#pragma once
#include <string>

namespace vgpusim::cli {

struct SweepOptions {
  std::string file;
  std::string out = "sweep-results";
  int jobs = 0;       // worker processes; 0: one per core
  std::string shard;  // "I/N"; empty: all runs
  bool merge_only = false;
  bool quiet = false;
};

/// vgpusim sweep: validate every point, run the missing runs in worker processes (one
/// `vgpusim run` each), merge every run present into runs.csv, points.csv, sweep.json and
/// sweep.html. 0 when every run of this shard succeeded, 2 bad input, 3 a run failed.
int sweep_command(const SweepOptions& o);

}  // namespace vgpusim::cli
