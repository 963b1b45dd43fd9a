#include "vgpusim/scenario/trace_rows.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "vgpusim/scenario/arrivals.hpp"  // split_csv, trim_field

namespace vgpusim {

bool TraceRows::next(std::vector<std::string>& fields) {
  while (!text_.empty()) {
    const size_t nl = text_.find('\n');
    const std::string_view line = trim_field(text_.substr(0, nl));
    text_.remove_prefix(nl == std::string_view::npos ? text_.size() : nl + 1);
    ++line_;
    if (line.empty() || line.front() == '#') continue;
    fields = split_csv(line);
    return true;
  }
  return false;
}

void TraceRows::error(std::vector<std::string>& errors, const std::string& message) const {
  errors.push_back("line " + std::to_string(line_) + ": " + message);
}

bool TraceRows::has_fields(const std::vector<std::string>& fields, size_t need,
                           std::vector<std::string>& errors) const {
  if (fields.size() >= need) return true;
  error(errors, std::to_string(fields.size()) + " field(s), the header has at least " +
                    std::to_string(need));
  return false;
}

int column_of(const std::vector<std::string>& header,
              std::initializer_list<std::string_view> names) {
  for (size_t i = 0; i < header.size(); ++i)
    for (std::string_view n : names)
      if (header[i] == n) return static_cast<int>(i);
  return -1;
}

std::optional<double> parse_seconds(const std::string& t) {
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || errno == ERANGE || !std::isfinite(v) || v < 0)
    return std::nullopt;
  return v;
}

std::optional<std::string> read_trace_text(const std::string& path,
                                           std::vector<std::string>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back("cannot read '" + path + "': " + std::strerror(errno));
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace vgpusim
