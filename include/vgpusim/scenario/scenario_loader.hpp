#pragma once
// Load + validate: YAML text in, a Scenario value out, or an InputError carrying every
// problem found (FILE:LINE:COL: key.path: message).
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/scenario/scenario.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim {

struct LoadOptions {
  std::vector<std::string> sets;      // "key.path=value" overrides, applied before validation
  std::optional<uint64_t> seed;       // --seed
  std::optional<std::string> policy;  // --policy (placement policy name)
  std::optional<std::string> memory_budget;  // --memory-budget SIZE; else default_memory_budget()
};

/// Throws InputError (all problems) when the file cannot be read or is invalid.
Scenario load_scenario(const std::string& path, const LoadOptions& options = {});
/// Same, from text; `file` names the source in messages.
Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const LoadOptions& options = {});

}  // namespace vgpusim
