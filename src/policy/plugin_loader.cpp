#include "vgpusim/policy/plugin_loader.hpp"

#include <dlfcn.h>

#include <filesystem>

#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/plugin_abi.h"

namespace vgpusim {
namespace {

std::optional<Placement> host_best_fit_on(const ClusterState& c, const Request& r, int s) {
  return c.best_fit_on(r, s);
}

PluginHost& host_for(PolicyRegistry* staging) {
  // One host per load; kept alive for the process because plugins may keep the pointer.
  static std::vector<std::unique_ptr<PluginHost>> hosts;
  auto h = std::make_unique<PluginHost>();
  h->policies = staging;
  h->best_fit_on = &host_best_fit_on;
  h->server_admits = &fit::server_admits;
  h->free_milli = &fit::free_milli;
  hosts.push_back(std::move(h));
  return *hosts.back();
}

}  // namespace

std::vector<std::string> load_policy_plugin(const std::string& path) {
  return load_policy_plugin(path, policy_registry());
}

std::vector<std::string> load_policy_plugin(const std::string& path, PolicyRegistry& registry) {
  const std::string who = "plugin '" + path + "': ";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw PluginError(who + "file not found");
  // dlopen searches the library path for names without '/': insist on the file given.
  const std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  void* lib = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!lib) throw PluginError(who + "cannot load: " + dlerror());
  // The library is never closed: registered factories point into it.
  auto sym = [&](const char* name) {
    dlerror();
    void* s = dlsym(lib, name);
    if (!s)
      throw PluginError(who + "missing symbol '" + name +
                        "' (is it a vgpusim plugin? see docs/writing-a-policy.md)");
    return s;
  };
  auto version = reinterpret_cast<int (*)()>(sym("vgpusim_plugin_abi_version"));
  auto reg = reinterpret_cast<void (*)(void*)>(sym("vgpusim_plugin_register"));
  const int v = version();
  if (v != VGPUSIM_PLUGIN_ABI_VERSION)
    throw PluginError(who + "plugin ABI version " + std::to_string(v) + ", this vgpusim expects " +
                      std::to_string(VGPUSIM_PLUGIN_ABI_VERSION) +
                      " (rebuild the plugin against this vgpusim's plugin_abi.h)");
  PolicyRegistry staging("placement policy");
  PluginHost& host = host_for(&staging);
  try {
    reg(&host);
  } catch (const std::exception& e) {
    throw PluginError(who + "registration failed: " + e.what());
  }
  std::vector<std::string> added;
  for (const auto& [name, e] : staging.entries())
    if (registry.contains(name))
      throw PluginError(who + "policy '" + name + "' is already registered");
  for (const auto& [name, e] : staging.entries()) {
    registry.add(e);
    added.push_back(name);
  }
  host.policies = &registry;  // the staging registry dies here; a kept host stays valid
  if (added.empty()) throw PluginError(who + "registered no policy");
  return added;
}

}  // namespace vgpusim
