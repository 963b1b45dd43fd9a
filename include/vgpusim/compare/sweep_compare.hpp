#pragma once
// `vgpusim compare` of two sweeps (SPEC 5): each point of the baseline sweep is compared with
// the candidate's point of the same values, on the means over seeds that sweep.json holds,
// so that a policy change is judged over several seeds rather than one run.
#include <string>

#include "vgpusim/compare/compare.hpp"

namespace vgpusim::compare {

/// True for a sweep.json or a `vgpusim sweep --out` directory holding one.
bool is_sweep(const std::string& file_or_dir);

/// Points matched by their values; each result's metric reads "pNNN metric". Points only one
/// sweep has are named in the warnings; no point in common, or sweeps that vary different
/// keys: InputError.
Comparison compare_sweeps(const std::string& baseline, const std::string& candidate,
                          const Rules& rules);

}  // namespace vgpusim::compare
