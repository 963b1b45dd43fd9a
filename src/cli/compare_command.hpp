#pragma once
#include <iosfwd>
#include <string>

namespace vgpusim::cli {

struct CompareOptions {
  std::string baseline, candidate;  // summary.json files or run directories
  std::string rules;                // empty: the built-in rules
  std::string junit, markdown;      // reports to write; empty: none
};

/// vgpusim compare: prints the table and the verdict, writes the reports whatever the
/// verdict, and returns 1 on any regression, 0 otherwise. Bad input throws InputError.
int compare_command(const CompareOptions& o, std::ostream& out, std::ostream& err);

}  // namespace vgpusim::cli
