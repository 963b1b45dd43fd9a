#pragma once
// `vgpusim catalog [--gpu MODEL] [--json] [--scenario FILE]`: the built-in hardware catalog (or
// a scenario's: the built-in one with its `catalog:` section applied), as a readable table or
// as JSON. Returns the process exit code (0, or 2 for an unknown --gpu); an invalid scenario
// throws InputError.
#include <ostream>
#include <string>

namespace vgpusim {

/// `gpu_filter` empty = every board (text: one summary table; JSON: everything);
/// `scenario_file` empty = the built-in catalog.
int run_catalog_command(const std::string& gpu_filter, bool json, const std::string& scenario_file,
                        std::ostream& out, std::ostream& err);

}  // namespace vgpusim
