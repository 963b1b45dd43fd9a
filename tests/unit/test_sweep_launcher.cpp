#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "vgpusim/sweep/launcher.hpp"
#include "vgpusim/util/diagnostics.hpp"

using namespace vgpusim;

namespace {

std::optional<Launch> launch(const std::map<std::string, std::string>& vars) {
  return detect_launch([&](const char* n) -> const char* {
    auto it = vars.find(n);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST_CASE("Sweep launcher: the shard comes from the launcher's environment", "[sweep]") {
  SECTION("no launcher: an ordinary sweep") { CHECK_FALSE(launch({})); }
  SECTION("OpenMPI rank and size; ranks run together under the job's id") {
    const auto l = launch({{"OMPI_COMM_WORLD_RANK", "2"},
                           {"OMPI_COMM_WORLD_SIZE", "4"},
                           {"OMPI_MCA_ess_base_jobid", "77"},
                           {"SLURM_PROCID", "0"},  // mpirun inside an allocation: MPI wins
                           {"SLURM_NTASKS", "1"}});
    REQUIRE(l);
    CHECK(l->launcher == "mpi");
    CHECK(l->shard.index == 3);
    CHECK(l->shard.count == 4);
    CHECK(l->rank == 2);
    CHECK(l->together);
    CHECK(l->session == "mpi-77");
  }
  SECTION("MPICH / Intel MPI: PMI_RANK and PMI_SIZE") {
    const auto l = launch({{"PMI_RANK", "0"}, {"PMI_SIZE", "2"}});
    REQUIRE(l);
    CHECK(l->shard.index == 1);
    CHECK(l->shard.count == 2);
  }
  SECTION("srun tasks: SLURM_PROCID of SLURM_NTASKS, CPUs per task") {
    const auto l = launch({{"SLURM_PROCID", "1"},
                           {"SLURM_NTASKS", "3"},
                           {"SLURM_JOB_ID", "9"},
                           {"SLURM_STEP_ID", "0"},
                           {"SLURM_CPUS_PER_TASK", "8"}});
    REQUIRE(l);
    CHECK(l->launcher == "slurm");
    CHECK(l->shard.index == 2);
    CHECK(l->shard.count == 3);
    CHECK(l->cpus == 8);
    CHECK(l->together);
    CHECK(l->session == "slurm-9.0");
  }
  SECTION("a job array: one shard per task, from the array's first index; no rendezvous") {
    const auto l = launch({{"SLURM_ARRAY_TASK_ID", "12"},
                           {"SLURM_ARRAY_TASK_MIN", "10"},
                           {"SLURM_ARRAY_TASK_COUNT", "4"},
                           {"SLURM_PROCID", "0"},
                           {"SLURM_NTASKS", "1"}});
    REQUIRE(l);
    CHECK(l->launcher == "slurm-array");
    CHECK(l->shard.index == 3);
    CHECK(l->shard.count == 4);
    CHECK_FALSE(l->together);
  }
  SECTION("one task in all: an ordinary sweep") {
    CHECK_FALSE(launch({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}}));
  }
  SECTION("inconsistent variables are bad input") {
    CHECK_THROWS_AS(launch({{"OMPI_COMM_WORLD_RANK", "4"}, {"OMPI_COMM_WORLD_SIZE", "4"}}),
                    InputError);
    CHECK_THROWS_AS(launch({{"SLURM_PROCID", "x"}}), InputError);
    CHECK_THROWS_AS(launch({{"SLURM_ARRAY_TASK_ID", "7"}, {"SLURM_ARRAY_TASK_COUNT", "4"}}),
                    InputError);
  }
}
