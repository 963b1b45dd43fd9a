#include "input_text.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::compare {
namespace {

[[noreturn]] void cannot_read(const std::string& file, std::string_view what,
                              const std::string& why) {
  Diagnostics d;
  d.add(Diagnostic{file, 0, 0, "", fmt::format("cannot read the {}: {}", what, why)});
  throw InputError(std::move(d));
}

}  // namespace

std::string read_input(const std::string& file, std::string_view what) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) cannot_read(file, what, "it is a directory");
  std::ifstream in(file);
  if (!in) cannot_read(file, what, std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

YAML::Node parse_input(const std::string& text, const std::string& file, std::string_view what) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    Diagnostics d;
    d.add(Diagnostic{file, e.mark.line + 1, e.mark.column + 1, "",
                     fmt::format("invalid {}: {}", what, e.msg)});
    throw InputError(std::move(d));
  }
}

}  // namespace vgpusim::compare
