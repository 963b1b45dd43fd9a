#include "vgpusim/util/json.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <variant>
#include <vector>

#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim {
namespace {

void newline(std::string& out, int indent, int depth) {
  if (indent <= 0) return;
  out += '\n';
  out.append(static_cast<size_t>(indent) * static_cast<size_t>(depth), ' ');
}

void dump(const Json& v, int indent, int depth, std::string& out) {
  using T = Json::value_t;
  switch (v.type()) {
    case T::object:
    case T::array: {
      const bool object = v.is_object();
      if (v.empty()) {
        out += object ? "{}" : "[]";
        return;
      }
      out += object ? '{' : '[';
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ',';
        first = false;
        newline(out, indent, depth + 1);
        if (object) {
          out += json_quote(it.key());
          out += indent > 0 ? ": " : ":";
        }
        dump(it.value(), indent, depth + 1, out);
      }
      newline(out, indent, depth);
      out += object ? '}' : ']';
      return;
    }
    case T::string:
      out += json_quote(v.get_ref<const std::string&>());
      return;
    case T::boolean:
      out += v.get<bool>() ? "true" : "false";
      return;
    case T::number_integer:
      out += fmt::format("{}", v.get<int64_t>());
      return;
    case T::number_unsigned:
      out += fmt::format("{}", v.get<uint64_t>());
      return;
    case T::number_float:
      out += json_number(v.get<double>());
      return;
    default:  // null, and the binary and discarded kinds vgpusim never builds
      out += "null";
  }
}

/// Moves through valid JSON text without building anything, to find where a value starts.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : t_(text) {}
  size_t pos() const { return p_; }
  char peek() {
    while (p_ < t_.size() && (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n' || t_[p_] == '\r'))
      ++p_;
    return p_ < t_.size() ? t_[p_] : '\0';
  }
  bool take(char c) {
    if (peek() != c) return false;
    ++p_;
    return true;
  }
  /// A string at the cursor, unescaped.
  std::string string() {
    const size_t start = p_++;
    while (p_ < t_.size() && t_[p_] != '"') p_ += t_[p_] == '\\' ? 2 : 1;
    ++p_;
    const std::string_view raw = t_.substr(start, p_ - start);
    if (raw.find('\\') == std::string_view::npos) return std::string(raw.substr(1, raw.size() - 2));
    return Json::parse(raw).get<std::string>();
  }
  /// Past the value at the cursor; nested containers by counting brackets (no recursion, so
  /// that deep nesting in a file read back cannot exhaust the stack).
  void skip_value() {
    const char c = peek();
    if (c == '"') {
      string();
      return;
    }
    if (c != '{' && c != '[') {
      while (p_ < t_.size() && std::string_view(",}] \t\r\n").find(t_[p_]) == std::string_view::npos)
        ++p_;
      return;
    }
    int depth = 0;
    do {
      const char d = t_[p_];
      if (d == '"') {
        string();
        continue;
      }
      if (d == '{' || d == '[') ++depth;
      if (d == '}' || d == ']') --depth;
      ++p_;
    } while (depth > 0 && p_ < t_.size());
  }

 private:
  std::string_view t_;
  size_t p_ = 0;
};

using Step = std::variant<std::string, size_t>;

std::vector<Step> steps_of(std::string_view path) {
  std::vector<Step> steps;
  size_t start = 0;
  while (start <= path.size() && !path.empty()) {
    const size_t dot = path.find('.', start);
    const std::string_view part = path.substr(start, dot - start);
    const size_t bracket = part.find('[');
    steps.emplace_back(std::string(part.substr(0, bracket)));
    for (size_t i = bracket; i != std::string_view::npos; i = part.find('[', i + 1))
      steps.emplace_back(static_cast<size_t>(std::strtoull(std::string(part.substr(i + 1)).c_str(),
                                                           nullptr, 10)));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return steps;
}

bool enter(Cursor& c, const Step& step) {
  if (const auto* key = std::get_if<std::string>(&step)) {
    if (!c.take('{')) return false;
    while (c.peek() == '"') {
      const std::string k = c.string();
      if (!c.take(':')) return false;
      if (k == *key) return true;
      c.skip_value();
      c.take(',');
    }
    return false;
  }
  if (!c.take('[')) return false;
  for (size_t i = 0; c.peek() != ']' && c.peek() != '\0'; ++i) {
    if (i == std::get<size_t>(step)) return true;
    c.skip_value();
    c.take(',');
  }
  return false;
}

std::pair<int, int> line_column(std::string_view text, size_t pos) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos && i < text.size(); ++i)
    if (text[i] == '\n') ++line, line_start = i + 1;
  return {line, static_cast<int>(pos - line_start) + 1};
}

}  // namespace

std::string json_quote(std::string_view s) {
  bool plain = true;
  for (const char c : s)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  if (plain) return fmt::format("\"{}\"", s);
  return Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool is_valid_utf8(std::string_view s) {
  try {
    (void)Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::strict);
    return true;
  } catch (const Json::type_error&) {
    return false;
  }
}

std::string json_number(double v) {
  std::string out;
  append_json_number(out, v);
  return out;
}

void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  // Whole numbers below 1e12 print exactly as the general path would print them; times and
  // counts in big runs are mostly whole seconds, and this skips two float conversions (the
  // precision formatting was ~7 % of a 100k-job replay, bench/philly_replay.sh).
  char buf[32];
  if (std::fabs(v) < 1e12 && v == std::trunc(v)) {
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    out.append(buf, end);
    return;
  }
  // Round to 12 significant digits so that last-bit noise never changes the output: the
  // shortest form of the double nearest to v's 12-digit decimal D. That double's shortest form
  // is D itself without trailing zeros (no other decimal of <= 12 digits is that close: they
  // are >= 1e-12 apart relatively, doubles 2.2e-16), which `%.12g` prints in one correctly
  // rounded conversion, and in fmt's layout whenever D's exponent is below 12 (fixed from
  // 1e-4, then `1.5e-05` alike). From 1e12 up fmt stays fixed to 1e16 where %g turns to an
  // exponent: those few take the two-conversion path. The two conversions and the parse were
  // ~15 % of a CSV-heavy run (bench/bare_overhead.sh, the synthetic month's slice).
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 12);
  const std::string_view d(buf, static_cast<size_t>(end - buf));
  if (ec == std::errc() && d.find("e+") == std::string_view::npos) {
    out += d;
    return;
  }
  out += fmt::format("{}", std::stod(fmt::format("{:.12g}", v)));
}

std::string dump_json(const Json& v, int indent) {
  std::string out;
  dump(v, indent, 0, out);
  if (indent > 0 && v.is_structured()) out += '\n';
  return out;
}

Json parse_json(std::string_view text, const std::string& file, std::string_view what) {
  // vgpusim's files are a few levels deep; a bound keeps the recursive walks over what was
  // read (dump, numeric paths) from exhausting the stack on a hostile file.
  const Json::parser_callback_t depth_check = [](int depth, Json::parse_event_t event, Json&) {
    if (depth > kMaxJsonDepth && (event == Json::parse_event_t::object_start ||
                                  event == Json::parse_event_t::array_start))
      throw std::length_error("nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    return true;
  };
  try {
    return Json::parse(text, depth_check);
  } catch (const std::length_error& e) {
    Diagnostics d;
    d.add(Diagnostic{file, 0, 0, "", fmt::format("invalid {}: {}", what, e.what())});
    throw InputError(std::move(d));
  } catch (const Json::parse_error& e) {
    const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string why = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..."
    if (const size_t colon = why.find(": "); colon != std::string::npos) why.erase(0, colon + 2);
    Diagnostics d;
    d.add(Diagnostic{file, line, column, "", fmt::format("invalid {}: {}", what, why)});
    throw InputError(std::move(d));
  }
}

const Json* json_find(const Json& root, std::string_view path) {
  const Json* cur = &root;
  for (const Step& s : steps_of(path)) {
    if (const auto* key = std::get_if<std::string>(&s)) {
      if (!cur->is_object()) return nullptr;
      auto it = cur->find(*key);
      if (it == cur->end()) return nullptr;
      cur = &*it;
    } else {
      const size_t i = std::get<size_t>(s);
      if (!cur->is_array() || i >= cur->size()) return nullptr;
      cur = &(*cur)[i];
    }
  }
  return cur;
}

std::string json_text(const Json& v) {
  return v.is_string() ? v.get<std::string>() : dump_json(v, 0);
}

std::pair<int, int> json_position(std::string_view text, std::string_view path) {
  Cursor c(text);
  for (const Step& s : steps_of(path))
    if (!enter(c, s)) return {0, 0};
  c.peek();
  return line_column(text, c.pos());
}

}  // namespace vgpusim
