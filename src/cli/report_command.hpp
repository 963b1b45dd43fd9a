#pragma once
#include <iosfwd>
#include <string>

namespace vgpusim::cli {

/// vgpusim report DIR: redraws DIR/report.html from the run's summary.json and CSV tables.
/// A directory without them is bad input (InputError, exit 2).
int report_command(const std::string& dir, std::ostream& out);

}  // namespace vgpusim::cli
