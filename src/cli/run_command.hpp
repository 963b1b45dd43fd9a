#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vgpusim::cli {

/// `vgpusim run` exit code when the run ended with work that could never progress
/// (summary.json `stuck`; docs/outputs.md says why it is its own code).
inline constexpr int kExitStuck = 4;

struct RunOptions {
  std::string scenario;
  std::string out = "results";
  std::optional<uint64_t> seed;
  std::optional<std::string> policy;
  std::vector<std::string> plugins;
  std::vector<std::string> sets;
  std::vector<std::string> sg_cfg;
  std::vector<std::string> sg_log;
  std::optional<std::string> memory_budget;
  bool quiet = false;
  int64_t explain = 0;  // --explain JOB: its placement attempts (0: none)
};

/// vgpusim run: load, validate, simulate, write outputs, print a short summary.
int run_command(const RunOptions& o);
/// vgpusim validate: load and validate only; every problem printed.
int validate_command(const std::string& scenario, const std::vector<std::string>& sets,
                     const std::optional<std::string>& memory_budget);

}  // namespace vgpusim::cli
