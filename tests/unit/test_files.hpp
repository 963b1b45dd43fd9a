#pragma once
// Files for the tests of loaders that read from a path (sweep and plan files).
#include <filesystem>
#include <fstream>
#include <string>

#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::test {

/// Writes `text` as `name` in a scratch directory `dir`, beside a scenario file base.yaml,
/// and returns its path.
inline std::string file_beside_base(const std::string& dir, const std::string& name,
                                    const std::string& text) {
  const std::filesystem::path d = std::filesystem::temp_directory_path() / dir;
  std::filesystem::create_directories(d);
  std::ofstream(d / "base.yaml") << "version: 1\n";
  std::ofstream(d / name) << text;
  return (d / name).string();
}

/// The problems `load(path)` reports, as printed; "" when it loads.
template <typename Load>
std::string problems_of(Load load, const std::string& path) {
  try {
    load(path);
  } catch (const InputError& e) {
    return e.diagnostics().to_string();
  }
  return "";
}

}  // namespace vgpusim::test
