#include "cli/policies_command.hpp"

#include <ostream>

#include "vgpusim/policy/policy.hpp"
#include "vgpusim/cluster/slice_rules.hpp"
#include "vgpusim/policy/queue_discipline.hpp"
#include "vgpusim/scenario/trace_importer.hpp"

namespace vgpusim {
namespace {

template <typename Reg>
void list(std::ostream& out, const char* title, const Reg& reg) {
  out << title << ":\n";
  for (const auto& [name, e] : reg.entries()) {
    out << "  " << name << "\n      " << e.description << "\n";
    for (const auto& p : e.params)
      out << "      " << p.key << " (" << p.summary() << "): " << p.description << "\n";
  }
}

}  // namespace

int run_policies_command(std::ostream& out) {
  list(out, "Placement policies (policy.placement)", policy_registry());
  out << "\n";
  list(out, "Queue disciplines (policy.queue)", queue_registry());
  out << "\n";
  list(out, "Slicing rules (datacenter.pools[].mode; keys of the pool's vgpu: / mig: section)",
       slice_rules_registry());
  out << "\n";
  list(out, "Trace formats (datacenter.import / workflows.import: {format: NAME, ...})",
       trace_importer_registry());
  out << "\nPlugins: --plugin LIB.so adds policies; see docs/writing-a-policy.md.\n";
  return 0;
}

}  // namespace vgpusim
