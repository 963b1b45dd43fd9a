#include "vgpusim/output/output_dir.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const std::string& flag, const fs::path& dir, const std::string& why) {
  Diagnostics d;
  d.add(Diagnostic{fmt::format("{} {}", flag, dir.string()), 0, 0, "", why});
  throw InputError(std::move(d));
}

/// What write_run_outputs() writes; summary.json first in this list, as it goes first.
constexpr const char* kRunFiles[] = {"summary.json", "jobs.csv",       "stages.csv",
                                     "gpus.csv",     "timeline.csv",   "migrations.csv",
                                     "requests.csv", "allocation_curve.csv", "kv_occupancy.csv",
                                     "scaling.csv",  "placements.csv", "events.csv",
                                     "decisions.csv", "trace.json",   "trace.json.gz",
                                     "report.html"};

/// `NAME.tmp.PID` of a process that is gone (write_file_atomically's temporary files).
bool stale_temporary(const fs::path& p) {
  const std::string name = p.filename().string();
  const size_t at = name.rfind(".tmp.");
  if (at == std::string::npos) return false;
  const std::string digits = name.substr(at + 5);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  const long pid = std::strtol(digits.c_str(), nullptr, 10);
  return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

}  // namespace

void prepare_output_dir(const fs::path& dir, const std::string& flag) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    refuse(flag, dir, "exists and is not a directory; give a directory for the outputs");
  fs::create_directories(dir, ec);
  if (ec) refuse(flag, dir, fmt::format("cannot create the directory: {}", ec.message()));
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    refuse(flag, dir, fmt::format("cannot write into the directory: {}", std::strerror(errno)));
  // A probe: access() does not see read-only mounts of some kinds, nor /proc.
  const fs::path probe = dir / fmt::format(".vgpusim-probe.tmp.{}", ::getpid());
  if (FILE* f = std::fopen(probe.c_str(), "w")) {
    std::fclose(f);
    fs::remove(probe, ec);
  } else {
    refuse(flag, dir, fmt::format("cannot write into the directory: {}", std::strerror(errno)));
  }
  for (const char* name : kRunFiles) {
    fs::remove(dir / name, ec);
    if (ec) refuse(flag, dir, fmt::format("cannot remove the earlier run's {}: {}", name, ec.message()));
  }
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file(ec) && stale_temporary(entry.path())) fs::remove(entry.path(), ec);
}

}  // namespace vgpusim
