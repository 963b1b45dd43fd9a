#pragma once
// Loading user policy plugins (`vgpusim run --plugin LIB.so`); see plugin_abi.h.
#include <stdexcept>
#include <string>
#include <vector>

#include "vgpusim/policy/policy.hpp"

namespace vgpusim {

/// Every failure names the plugin file and what is wrong: file not found, the loader's
/// own error text, a missing symbol (by name), an ABI mismatch (both versions), a policy
/// name already registered.
struct PluginError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Loads the plugin at `path` into `registry` (default: policy_registry()) and returns the
/// names of the policies it added. The library stays loaded for the life of the process.
std::vector<std::string> load_policy_plugin(const std::string& path);
std::vector<std::string> load_policy_plugin(const std::string& path, PolicyRegistry& registry);

}  // namespace vgpusim
