#include "vgpusim/sweep/launcher.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim {
namespace {

std::optional<long> number(const EnvLookup& env, const char* name) {
  const char* v = env(name);
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  if (*end != '\0')
    throw InputError(fmt::format("{}='{}': not an integer (set by the launcher?)", name, v));
  return n;
}

std::string text(const EnvLookup& env, const char* name) {
  const char* v = env(name);
  return v ? v : "";
}

Launch make(std::string launcher, long rank, long size, const char* rank_name,
            const char* size_name) {
  if (size < 1 || rank < 0 || rank >= size)
    throw InputError(fmt::format("{}={} and {}={}: a rank from 0 to size - 1 was expected",
                                 rank_name, rank, size_name, size));
  Launch l;
  l.launcher = std::move(launcher);
  l.rank = static_cast<int>(rank);
  l.shard = {static_cast<int>(rank) + 1, static_cast<int>(size)};
  return l;
}

}  // namespace

std::optional<Launch> detect_launch(const EnvLookup& env) {
  std::optional<Launch> l;
  // MPI first: mpirun inside a Slurm allocation sets Slurm's variables too.
  if (auto r = number(env, "OMPI_COMM_WORLD_RANK")) {
    l = make("mpi", *r, number(env, "OMPI_COMM_WORLD_SIZE").value_or(0), "OMPI_COMM_WORLD_RANK",
             "OMPI_COMM_WORLD_SIZE");
    l->together = true;
    l->session = "mpi-" + text(env, "OMPI_MCA_ess_base_jobid") + text(env, "PMIX_NAMESPACE");
  } else if (auto r = number(env, "PMI_RANK")) {
    l = make("mpi", *r, number(env, "PMI_SIZE").value_or(0), "PMI_RANK", "PMI_SIZE");
    l->together = true;
    l->session = "mpi-" + text(env, "PMI_KVSNAME") + text(env, "PMIX_NAMESPACE") +
                 text(env, "SLURM_JOB_ID") + "." + text(env, "SLURM_STEP_ID");
  } else if (auto a = number(env, "SLURM_ARRAY_TASK_ID")) {
    // One array task per shard; the tasks of an srun step inside each split it further.
    const long count = number(env, "SLURM_ARRAY_TASK_COUNT").value_or(0);
    const long index = *a - number(env, "SLURM_ARRAY_TASK_MIN").value_or(0);
    const long tasks = number(env, "SLURM_NTASKS").value_or(1);
    const long proc = number(env, "SLURM_PROCID").value_or(0);
    if (count < 1 || index < 0 || index >= count)
      throw InputError(fmt::format(
          "SLURM_ARRAY_TASK_ID={} with SLURM_ARRAY_TASK_MIN={} and SLURM_ARRAY_TASK_COUNT={}: "
          "contiguous array indices (--array=MIN-MAX) are expected",
          *a, text(env, "SLURM_ARRAY_TASK_MIN"), count));
    l = make("slurm-array", index * tasks + proc, count * tasks, "SLURM_ARRAY_TASK_ID",
             "SLURM_ARRAY_TASK_COUNT");
  } else if (auto p = number(env, "SLURM_PROCID")) {
    l = make("slurm", *p, number(env, "SLURM_NTASKS").value_or(1), "SLURM_PROCID",
             "SLURM_NTASKS");
    l->together = true;
    l->session = "slurm-" + text(env, "SLURM_JOB_ID") + "." + text(env, "SLURM_STEP_ID");
  }
  if (!l || l->shard.count < 2) return std::nullopt;  // one task: an ordinary sweep
  l->cpus = static_cast<int>(number(env, "SLURM_CPUS_PER_TASK").value_or(0));
  return l;
}

}  // namespace vgpusim
