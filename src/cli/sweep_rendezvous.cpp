#include "sweep_rendezvous.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "vgpusim/util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace vgpusim::cli {
namespace {

fs::path meeting_dir(const fs::path& out, const Launch& l) {
  // A launcher that names no job (an unusual MPI) leaves the session bare: the ranks of one
  // mpirun on one machine share their parent process.
  std::string session = l.session;
  if (session.find_first_not_of("mpislurm-.") == std::string::npos)
    session += fmt::format("ppid{}", getppid());
  return out / ".launch" / session;
}

}  // namespace

void announce_done(const fs::path& out, const Launch& l, const std::vector<SweepFailure>& f) {
  const fs::path dir = meeting_dir(out, l);
  fs::create_directories(dir);
  std::string text;
  for (const SweepFailure& x : f) text += fmt::format("{} {} {}\n", x.run, x.status, x.log.string());
  write_file_atomically(dir / fmt::format("rank-{}.done", l.rank), text);
}

std::vector<RankFailure> wait_for_ranks(const fs::path& out, const Launch& l, bool progress) {
  const fs::path dir = meeting_dir(out, l);
  std::vector<RankFailure> all;
  for (int waited = 0;; ++waited) {
    int done = 0;
    for (int r = 0; r < l.shard.count; ++r) done += fs::exists(dir / fmt::format("rank-{}.done", r));
    if (done == l.shard.count) break;
    if (progress && waited % 10 == 0)
      fmt::print(stderr, "\rsweep: rank 0 waits for {} of {} ranks  ", l.shard.count - done,
                 l.shard.count);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  if (progress) fmt::print(stderr, "\n");
  for (int r = 0; r < l.shard.count; ++r) {
    std::ifstream in(dir / fmt::format("rank-{}.done", r));
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream ss(line);
      RankFailure f;
      f.rank = r;
      std::string log;
      ss >> f.failure.run >> f.failure.status;
      std::getline(ss >> std::ws, log);
      f.failure.log = log;
      all.push_back(f);
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::remove(out / ".launch", ec);  // only when empty: another launch may be meeting there
  return all;
}

}  // namespace vgpusim::cli
