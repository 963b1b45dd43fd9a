#pragma once
#include <iosfwd>

namespace vgpusim {

/// `vgpusim policies`: every registered placement policy and queue discipline with its
/// description and parameters (name, default, meaning). Returns the exit code (0).
int run_policies_command(std::ostream& out);

}  // namespace vgpusim
