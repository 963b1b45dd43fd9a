#pragma once
// `vgpusim catalog [--gpu MODEL] [--json]`: the built-in hardware catalog, as a readable table
// or as JSON. Returns the process exit code (0, or 2 for an unknown --gpu).
#include <ostream>
#include <string>

namespace vgpusim {

/// `gpu_filter` empty = every board (text: one summary table; JSON: everything).
int run_catalog_command(const std::string& gpu_filter, bool json, std::ostream& out,
                        std::ostream& err);

}  // namespace vgpusim
