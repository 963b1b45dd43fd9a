#pragma once
// Command-line checks that CLI11 does not make by itself, so that bad flags are exit 2 with
// a message that names them.
#include <CLI/CLI.hpp>

#include <string>

namespace vgpusim::cli {

/// "vgpusim: unknown command 'rnu'; did you mean 'run'? (commands: run, validate, ...)" when
/// the first argument is neither an option nor a subcommand of `app`; "" otherwise.
std::string unknown_command(const CLI::App& app, int argc, char** argv);

/// --seed: a whole number in [0, 2^63 - 1] (what summary.json can hold exactly as an integer).
CLI::Validator seed_validator();

/// --memory-budget: a size with its unit (64GiB), more than 0.
CLI::Validator size_validator();

}  // namespace vgpusim::cli
