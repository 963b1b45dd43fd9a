#include "report_command.hpp"

#include <filesystem>
#include <ostream>

#include "vgpusim/output/report_html.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::cli {

int report_command(const std::string& dir, std::ostream& out) {
  if (!std::filesystem::is_directory(dir)) {
    Diagnostics d;
    d.add(Diagnostic{dir, 0, 0, "", "not a directory (give the --out directory of a vgpusim run)"});
    throw InputError(d);
  }
  rerender_report(dir);
  out << (std::filesystem::path(dir) / "report.html").string() << "\n";
  return 0;
}

}  // namespace vgpusim::cli
