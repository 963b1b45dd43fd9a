#pragma once
// Reading the headed CSV request/arrival traces (arrivals.hpp's time trace, llm_trace.hpp's
// token trace) row by row: one loop for both, so that comments, blank lines, quoting, the
// header's column look-up and the messages are the same. Engine-free.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vgpusim {

class TraceRows {
 public:
  explicit TraceRows(std::string_view text) : text_(text) {}

  /// The fields of the next line that is neither blank nor a '#' comment (the header
  /// first); false at the end of the text.
  bool next(std::vector<std::string>& fields);
  /// 1-based number of the line next() returned.
  size_t line() const { return line_; }
  /// Records "line N: message" in `errors`.
  void error(std::vector<std::string>& errors, const std::string& message) const;
  /// True when `fields` has at least `need` fields; records the problem otherwise.
  bool has_fields(const std::vector<std::string>& fields, size_t need,
                  std::vector<std::string>& errors) const;

 private:
  std::string_view text_;
  size_t line_ = 0;
};

/// Index of the first field of `header` equal to one of `names`; -1 when none is.
int column_of(const std::vector<std::string>& header, std::initializer_list<std::string_view> names);

/// `t` as seconds >= 0 (a finite decimal number); nullopt when it is not one.
std::optional<double> parse_seconds(const std::string& t);

/// The whole text of `path`; nullopt, with "cannot read 'PATH': reason" in `errors`, when
/// it cannot be read.
std::optional<std::string> read_trace_text(const std::string& path, std::vector<std::string>& errors);

}  // namespace vgpusim
