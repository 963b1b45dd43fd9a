#include "cli/cli_checks.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>

#include "vgpusim/util/diagnostics.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim::cli {

std::string unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return "";
  const std::string word = argv[1];
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), word) != names.end()) return "";
  std::string msg = fmt::format("vgpusim: unknown command '{}'", word);
  if (std::string guess = did_you_mean(word, names); !guess.empty())
    msg += fmt::format("; did you mean '{}'?", guess);
  std::string all;
  for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
  return msg + fmt::format(" (commands: {}; vgpusim --help)", all);
}

CLI::Validator seed_validator() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        uint64_t v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || v > uint64_t{INT64_MAX})
          return fmt::format("'{}' is not a seed: a whole number from 0 to {}", s, INT64_MAX);
        return "";
      },
      "SEED");
}

CLI::Validator size_validator() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        const UnitResult v = parse_quantity(s, Quantity::bytes);
        if (const auto* err = std::get_if<UnitError>(&v)) return err->message;
        if (!(std::get<double>(v) > 0)) return fmt::format("'{}' must be more than 0", s);
        return "";
      },
      "SIZE");
}

}  // namespace vgpusim::cli
