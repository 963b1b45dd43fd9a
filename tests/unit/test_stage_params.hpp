#pragma once
// What the workload tests share: does a stage kind's validation point at a key.
#include <string>
#include <vector>

#include "vgpusim/workload/stage_kind.hpp"

namespace vgpusim::test {

/// True when one of `issues` points at `key`.
inline bool has_issue(const std::vector<StageParamIssue>& issues, const std::string& key) {
  for (const auto& i : issues)
    if (i.key == key) return true;
  return false;
}

}  // namespace vgpusim::test
