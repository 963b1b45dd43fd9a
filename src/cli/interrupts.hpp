#pragma once
// SIGINT, SIGTERM and SIGHUP during `run` or `sweep`: stop at once, say so on stderr, leave
// nothing that looks complete, and exit 128 + the signal (130, 143, 129). Outputs are
// written through temporary files and renames with summary.json last, and the --out folder
// is emptied of the previous run's files before simulating (output_dir.hpp), so a run
// stopped at any point leaves a folder without summary.json; its temporary files are
// removed by the next run. A sweep forwards the signal to its workers, waits for them, and
// keeps the runs that finished (a second call resumes).
#include <sys/types.h>

#include <string>

namespace vgpusim::cli {

class InterruptGuard {
 public:
  /// `out`: the folder named in the message. Installs the handlers; the destructor restores
  /// the defaults.
  explicit InterruptGuard(const std::string& out, bool sweep = false);
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  /// What the message says from now on (e.g. once the folder has been emptied).
  static void set_message(const std::string& text);
  /// Installs the handlers again (after a library replaced one, as SimGrid does).
  static void reinstall();
};

/// A sweep's worker started (true) or reaped (false): signals are forwarded to the running.
void track_worker(pid_t pid, bool running);

}  // namespace vgpusim::cli
