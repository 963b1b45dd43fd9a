#pragma once
// The ranks of one launch (mpirun, an srun step) meet in the sweep's output directory:
// each writes DIR/.launch/SESSION/rank-R.done (atomically) with its failed runs when its
// runs are done; rank 0 waits for every rank's file, then merges. A file system shared by
// the ranks is all it needs (no MPI library linked: the runs are separate processes anyway).
#include <filesystem>
#include <vector>

#include "sweep_runner.hpp"
#include "vgpusim/sweep/launcher.hpp"

namespace vgpusim::cli {

struct RankFailure {
  int rank = 0;
  SweepFailure failure;
};

/// This rank's runs are done, with these failures.
void announce_done(const std::filesystem::path& out, const Launch& l,
                   const std::vector<SweepFailure>& failures);

/// Rank 0: waits until every rank announced itself done; returns every rank's failures and
/// removes the rendezvous directory.
std::vector<RankFailure> wait_for_ranks(const std::filesystem::path& out, const Launch& l,
                                        bool progress);

}  // namespace vgpusim::cli
