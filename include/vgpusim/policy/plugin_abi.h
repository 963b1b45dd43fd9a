/* The vgpusim policy plugin ABI (SPEC 2.5; docs/writing-a-policy.md).
 *
 * A plugin is a shared library (built as a CMake MODULE) that exports two plain C symbols:
 *
 *   int  vgpusim_plugin_abi_version(void);   return VGPUSIM_PLUGIN_ABI_VERSION
 *   void vgpusim_plugin_register(void* host); host is a vgpusim::PluginHost*
 *
 * vgpusim calls the first, refuses the plugin when the number differs from its own, then
 * calls the second once. The plugin adds its policies to host->policies (a registry of its
 * own, merged into vgpusim's after the call so that a duplicate name leaves nothing half
 * registered) and may keep `host`: it stays valid for the life of the process, and the
 * library is never unloaded. A plugin must not link against vgpusim: the headers it uses
 * are inline, and the out-of-line services it may need are the function pointers of
 * PluginHost. Bump VGPUSIM_PLUGIN_ABI_VERSION whenever PluginHost or a type a plugin sees
 * (PlacementPolicy, ClusterState's layout, Request, Decision, Registry) changes.
 */
#ifndef VGPUSIM_POLICY_PLUGIN_ABI_H
#define VGPUSIM_POLICY_PLUGIN_ABI_H

#define VGPUSIM_PLUGIN_ABI_VERSION 3

#ifdef __cplusplus
extern "C" {
#endif
int vgpusim_plugin_abi_version(void);
void vgpusim_plugin_register(void* host);
#ifdef __cplusplus
}

#include <optional>

#include "vgpusim/policy/policy.hpp"

namespace vgpusim {

/// What vgpusim hands a plugin.
struct PluginHost {
  int abi_version = VGPUSIM_PLUGIN_ABI_VERSION;
  PolicyRegistry* policies = nullptr;
  /// ClusterState::best_fit_on: the request on server s, GPUs by best fit, or nullopt.
  std::optional<Placement> (*best_fit_on)(const ClusterState& c, const Request& r, int s) = nullptr;
  /// Server-level admission: accepting, CPU, memory, GPU model, enough GPUs.
  bool (*server_admits)(const ClusterState& c, const Request& r, int s) = nullptr;
  /// Free milli of GPU g (0 when unhealthy).
  int (*free_milli)(const ClusterState& c, int g) = nullptr;
};

}  // namespace vgpusim
#endif
#endif
