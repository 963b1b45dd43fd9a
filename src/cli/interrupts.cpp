#include "cli/interrupts.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>

namespace vgpusim::cli {
namespace {

// Everything the handler touches is prepared beforehand: it only calls write, kill,
// waitpid and _exit (async-signal-safe).
std::array<char, 1024> g_message{};
size_t g_message_length = 0;
bool g_sweep = false;
std::array<std::atomic<pid_t>, 512> g_workers{};

void write_all(const char* s, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(STDERR_FILENO, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= static_cast<size_t>(w);
  }
}

void on_signal(int sig) {
  const char* name = sig == SIGINT ? "\nvgpusim: interrupted (SIGINT): "
                     : sig == SIGTERM ? "\nvgpusim: terminated (SIGTERM): "
                                      : "\nvgpusim: hung up (SIGHUP): ";
  write_all(name, std::strlen(name));
  write_all(g_message.data(), g_message_length);
  if (g_sweep) {
    for (auto& w : g_workers)
      if (const pid_t p = w.load(); p > 0) ::kill(p, sig);
    while (::waitpid(-1, nullptr, 0) > 0 || errno == EINTR) {
    }
  }
  ::_exit(128 + sig);
}

}  // namespace

InterruptGuard::InterruptGuard(const std::string& out, bool sweep) {
  g_sweep = sweep;
  const std::string m =
      sweep ? fmt::format("stopped; the runs that finished are kept under {} (run the sweep "
                          "again to resume)\n",
                          out)
            : fmt::format("stopped before the outputs were complete; {} holds no summary.json "
                          "(no complete run)\n",
                          out);
  set_message(m);
  reinstall();
}

void InterruptGuard::set_message(const std::string& text) {
  // Not atomic against a signal arriving mid-copy; the worst case is a garbled message.
  g_message_length = 0;
  const size_t n = std::min(text.size(), g_message.size());
  std::memcpy(g_message.data(), text.data(), n);
  g_message_length = n;
}

void InterruptGuard::reinstall() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

InterruptGuard::~InterruptGuard() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::signal(sig, SIG_DFL);
}

void track_worker(pid_t pid, bool running) {
  for (auto& w : g_workers) {
    pid_t expected = running ? 0 : pid;
    if (w.compare_exchange_strong(expected, running ? pid : 0)) return;
  }
}

}  // namespace vgpusim::cli
