#pragma once
// Asks SimGrid about itself before this process's engine exists (only one engine may live in
// a process, and ours must be created with checked settings): its settings from --cfg-help,
// read in a child process; its help printed on request.
#include <string>
#include <utility>
#include <vector>

namespace vgpusim {

/// Checks every --sg-cfg setting (with the flag or variable it came from, e.g. "--sg-cfg")
/// and --sg-log setting; throws InputError with all problems. SimGrid is asked for its
/// settings only when there is a --sg-cfg value to check.
void check_simgrid_settings(const std::vector<std::pair<std::string, std::string>>& cfg,
                            const std::vector<std::string>& log);

/// For a `help` value (util/simgrid_settings.hpp, is_sg_help): prints SimGrid's help
/// (--cfg-help, --help-logs, or a model key's descriptions) and exits 0 as SimGrid does.
[[noreturn]] void print_simgrid_help(const std::string& value, bool log);

}  // namespace vgpusim
