// The process-wide policy registry and PolicyContext's parameter accessors.
#include <cstdlib>
#include <stdexcept>

#include "vgpusim/policy/policy.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {

PolicyRegistry& policy_registry() {
  // Explicit registration rather than static self-registering objects: the policies live
  // in a static library, where unreferenced objects would be dropped by the linker.
  static PolicyRegistry reg = [] {
    PolicyRegistry r("placement policy");
    register_first_fit_policy(r);
    register_best_fit_policy(r);
    register_worst_fit_policy(r);
    register_random_policy(r);
    register_dot_product_policy(r);
    register_gpu_packing_policy(r);
    register_gpu_clustering_policy(r);
    register_fgd_policy(r);
    register_mig_aware_policy(r);
    register_defrag_policy(r);
    register_consolidate_policy(r);
    register_topology_aware_policy(r);
    return r;
  }();
  return reg;
}

std::string PolicyContext::param(const std::string& name, const std::string& fallback) const {
  auto it = params.find(name);
  return it == params.end() ? fallback : it->second;
}

double PolicyContext::param_double(const std::string& name, double fallback) const {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  char* end = nullptr;
  const double v = std::strtod(it->second.c_str(), &end);
  if (it->second.empty() || *end != '\0')
    throw std::invalid_argument("parameter '" + name + "': expected a number, got '" + it->second +
                                "'");
  return v;
}

int64_t PolicyContext::param_int(const std::string& name, int64_t fallback) const {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  char* end = nullptr;
  const long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0')
    throw std::invalid_argument("parameter '" + name + "': expected an integer, got '" +
                                it->second + "'");
  return v;
}

bool PolicyContext::param_bool(const std::string& name, bool fallback) const {
  auto it = params.find(name);
  if (it == params.end()) return fallback;
  const std::string& v = it->second;
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  throw std::invalid_argument("parameter '" + name + "': expected true or false, got '" + v + "'");
}

}  // namespace vgpusim
