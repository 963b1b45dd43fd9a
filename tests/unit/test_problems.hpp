#pragma once
// What the scenario loader says about a text, for the loader tests.
#include <string>
#include <vector>

#include "vgpusim/scenario/scenario_loader.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::test {

/// The diagnostics of loading `text` as "s.yaml", one string each; none when it loads.
inline std::vector<std::string> problems(const std::string& text, const LoadOptions& o = {}) {
  try {
    load_scenario_text(text, "s.yaml", o);
  } catch (const InputError& e) {
    std::vector<std::string> r;
    for (const auto& d : e.diagnostics().items()) r.push_back(d.to_string());
    return r;
  }
  return {};
}

/// Each problem `f` throws as FILE:LINE:COL: key.path: message; empty when it succeeds.
template <typename F>
std::vector<std::string> problems_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    std::vector<std::string> r;
    for (const auto& d : e.diagnostics().items()) r.push_back(d.to_string());
    return r;
  }
  return {};
}

}  // namespace vgpusim::test
