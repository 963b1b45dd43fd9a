#pragma once
#include <string>

namespace vgpusim {

/// A CSV field with RFC 4180 quoting when it needs it (a comma, quote or newline).
inline std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string r = "\"";
  for (char c : s) r += c == '"' ? std::string("\"\"") : std::string(1, c);
  return r + "\"";
}

}  // namespace vgpusim
