#include "vgpusim/engine/simgrid_query.hpp"

#include <fcntl.h>
#include <simgrid/s4u/Engine.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "vgpusim/util/diagnostics.hpp"
#include "vgpusim/util/simgrid_settings.hpp"

namespace vgpusim {
namespace {

/// Creates an engine from these arguments; SimGrid prints what a help argument asks for and
/// exits 0 from inside the constructor.
[[noreturn]] void engine_with(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  simgrid::s4u::Engine e(&argc, argv.data());
  std::exit(0);
}

/// SimGrid's --cfg-help text, from a child process (its engine dies with it).
std::string cfg_help_text() {
  std::fflush(stdout);
  std::fflush(stderr);
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("cannot ask SimGrid for its settings: pipe");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot ask SimGrid for its settings: fork");
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    if (int null = open("/dev/null", O_WRONLY); null >= 0) dup2(null, STDERR_FILENO);
    engine_with({"vgpusim", "--cfg-help"});
  }
  close(fds[1]);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  // The text is what counts: the child's exit status may be a leak checker's, not SimGrid's.
  if (text.find("Type: ") == std::string::npos)
    throw std::runtime_error("cannot ask SimGrid for its settings (--cfg-help printed none)");
  return text;
}

}  // namespace

void check_simgrid_settings(const std::vector<std::pair<std::string, std::string>>& cfg,
                            const std::vector<std::string>& log) {
  Diagnostics diags;
  if (!cfg.empty()) {
    const std::vector<SimGridSetting> settings = parse_simgrid_settings(cfg_help_text());
    for (const auto& [flag, value] : cfg)
      for (auto& p : check_sg_cfg(value, settings))
        diags.add(Diagnostic{flag + " " + value, 0, 0, "", std::move(p)});
  }
  for (const auto& value : log)
    for (auto& p : check_sg_log(value))
      diags.add(Diagnostic{"--sg-log " + value, 0, 0, "", std::move(p)});
  if (!diags.empty()) throw InputError(std::move(diags));
}

void print_simgrid_help(const std::string& value, bool log) {
  if (log) engine_with({"vgpusim", "--help-logs"});
  if (value == "help") engine_with({"vgpusim", "--cfg-help"});
  engine_with({"vgpusim", "--cfg=" + value});  // key:help: that key's models, described
}

}  // namespace vgpusim
