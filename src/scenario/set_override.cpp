// --set key.path=value: edits the YAML tree before validation, so an override is checked
// exactly like the same value written in the file.
#include <fmt/format.h>

#include <charconv>
#include <regex>

#include "loader_parts.hpp"

namespace vgpusim::loader {

void apply_set(YamlReader& r, YAML::Node& root, const std::string& assignment) {
  auto eq = assignment.find('=');
  auto fail = [&](const std::string& why) {
    r.diagnostics().add(Diagnostic{"--set", 0, 0, assignment, why});
  };
  if (eq == std::string::npos || eq == 0) {
    fail("expected key.path=value, e.g. datacenter.pools[0].count=8");
    return;
  }
  std::string path = assignment.substr(0, eq);
  YAML::Node value;
  try {
    value = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    fail("the value is not valid YAML: " + e.msg);
    return;
  }
  // Segments: name or name[index]...
  static const std::regex segment(R"(([A-Za-z_][A-Za-z0-9_\-]*)((\[[0-9]+\])*))");
  static const std::regex index(R"(\[([0-9]+)\])");
  if (!root.IsDefined() || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  YAML::Node cur = root;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    std::string seg =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    std::smatch m;
    if (!std::regex_match(seg, m, segment)) {
      fail(fmt::format("'{}' is not a key path segment (write name or name[index])", seg));
      return;
    }
    if (!cur.IsMap() && cur.IsDefined() && !cur.IsNull()) {
      fail(fmt::format("cannot set key '{}' inside a value that is not a mapping", m[1].str()));
      return;
    }
    YAML::Node next = cur[m[1].str()];
    std::string idx = m[2].str();
    for (std::sregex_iterator it(idx.begin(), idx.end(), index), end; it != end; ++it) {
      const std::string digits = (*it)[1].str();
      size_t i = 0;
      const auto [end_of, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
      if (ec != std::errc() || !next.IsSequence() || i >= next.size()) {
        const size_t n = next.IsSequence() ? next.size() : 0;
        fail(fmt::format("index [{}] does not exist in '{}' ({} element{})", digits, m[1].str(), n,
                         n == 1 ? "" : "s"));
        return;
      }
      next.reset(next[i]);
    }
    if (dot == std::string::npos) {
      r.from_flag(value, "--set " + assignment);
      next = value;
      return;
    }
    if (!next.IsDefined() || next.IsNull()) next = YAML::Node(YAML::NodeType::Map);
    cur.reset(next);
    start = dot + 1;
  }
}

}  // namespace vgpusim::loader
