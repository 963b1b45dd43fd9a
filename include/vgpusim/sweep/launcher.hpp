#pragma once
// Which shard of a sweep this process is, from the environment a cluster launcher sets:
// `mpirun -n N` (OpenMPI: OMPI_COMM_WORLD_RANK/SIZE; MPICH, Intel MPI: PMI_RANK/PMI_SIZE),
// Slurm tasks (`srun`: SLURM_PROCID/SLURM_NTASKS) and Slurm job arrays
// (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT). Engine-free.
#include <functional>
#include <optional>
#include <string>

#include "vgpusim/sweep/sweep.hpp"

namespace vgpusim {

struct Launch {
  std::string launcher;  // "mpi", "slurm", "slurm-array"
  Shard shard;
  int rank = 0;          // 0-based: shard.index - 1
  int cpus = 0;          // CPUs given to this task (SLURM_CPUS_PER_TASK), 0 when unknown
  /// Ranks that run together and can wait for each other (MPI ranks, the tasks of one
  /// srun step): rank 0 merges when every rank is done. Array tasks are separate jobs.
  bool together = false;
  std::string session;   // the same for every rank of one launch: names the rendezvous
};

/// Reads a variable; nullptr when unset (std::getenv in the program, a map in tests).
using EnvLookup = std::function<const char*(const char*)>;

/// nullopt when no launcher variables are set (or they say one task in all). Throws
/// InputError when they are set but inconsistent (a rank outside its size).
std::optional<Launch> detect_launch(const EnvLookup& env);

}  // namespace vgpusim
