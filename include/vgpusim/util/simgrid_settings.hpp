#pragma once
// `run --sg-cfg` and `--sg-log` values (and VGPUSIM_SG_CFG) checked before the engine is
// created: SimGrid aborts with a backtrace on a malformed setting, a bad model or factory
// name or an unknown log level, and crashes on a tiny stack; here each is an input error
// (exit 2) naming the flag, with a did-you-mean. What SimGrid declares (names, types, the
// values a model key takes) comes from SimGrid's own --cfg-help text
// (engine/simgrid_query.hpp asks for it); this part is engine-free.
#include <string>
#include <vector>

namespace vgpusim {

/// One setting SimGrid declares (`contexts/stack-size`, int, ...).
struct SimGridSetting {
  std::string name;
  std::string type;  // int, double, boolean, string
  std::string description;
  std::vector<std::string> choices;  // "Possible values: ..." of its description; empty: any
};

/// What SimGrid declares, parsed from its --cfg-help text.
std::vector<SimGridSetting> parse_simgrid_settings(const std::string& cfg_help);

/// The problems of a `--sg-cfg` value (key:value, several separated by spaces, as SimGrid
/// reads them) against the declared settings; none when it is valid.
std::vector<std::string> check_sg_cfg(const std::string& value,
                                      const std::vector<SimGridSetting>& settings);
/// Likewise for a `--sg-log` value (CATEGORY.SETTING:VALUE, e.g. root.thres:debug).
std::vector<std::string> check_sg_log(const std::string& value);

/// Whether a value asks for SimGrid's help: `help` (or a key's value `help`, e.g.
/// network/model:help, for the models' descriptions).
bool is_sg_help(const std::string& value);

/// Smallest `contexts/stack-size` accepted, in KiB: 1 to 4 KiB crash the quickstart with a
/// segmentation fault, 8 KiB runs it; 64 leaves room for policies' frames.
inline constexpr long kMinStackKiB = 64;

}  // namespace vgpusim
