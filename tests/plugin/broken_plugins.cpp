// Deliberately broken plugins for the loader's error tests; one source, one macro each.
#include "vgpusim/policy/plugin_abi.h"

#if defined(BROKEN_NO_SYMBOLS)
extern "C" int not_a_vgpusim_plugin(void) {
  return 0;
}
#elif defined(BROKEN_NO_REGISTER)
extern "C" int vgpusim_plugin_abi_version(void) {
  return VGPUSIM_PLUGIN_ABI_VERSION;
}
#elif defined(BROKEN_WRONG_ABI)
extern "C" int vgpusim_plugin_abi_version(void) {
  return 999;
}
extern "C" void vgpusim_plugin_register(void*) {}
#elif defined(BROKEN_DUPLICATE)
// Registers a name every vgpusim has.
namespace {
class Nothing : public vgpusim::PlacementPolicy {
 public:
  vgpusim::Decision place(const vgpusim::Request&, const vgpusim::ClusterView&) override {
    return vgpusim::WaitDecision{};
  }
};
}  // namespace
extern "C" int vgpusim_plugin_abi_version(void) {
  return VGPUSIM_PLUGIN_ABI_VERSION;
}
extern "C" void vgpusim_plugin_register(void* h) {
  static_cast<vgpusim::PluginHost*>(h)->policies->add(
      {"first-fit", "a clash", {}, [](const vgpusim::PolicyContext&) {
         return std::make_unique<Nothing>();
       }});
}
#endif
