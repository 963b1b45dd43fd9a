#pragma once
// The CSV reader of the job-trace parsers: columns by header name (any order, extra
// columns ignored), RFC 4180 quoting, and every problem reported where it is, as
// "FILE: line N: column: message" (TraceError). Engine-free.
#include <cstdint>
#include <iosfwd>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace vgpusim {

/// A malformed trace file; what() says where ("FILE: line N: column: message", or
/// "FILE:LINE: message" for the openb parsers).
struct TraceError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class TraceCsv {
 public:
  /// Reads the header: the first line that is neither blank nor a `#` comment. Throws
  /// TraceError naming the missing ones when a `required` column is absent. With
  /// `positional` non-empty, a first line that does not name the first positional column
  /// is data, and the columns are `positional` in that order (the PAI tables ship
  /// without a header).
  TraceCsv(std::istream& in, std::string source, const std::vector<std::string>& required,
           const std::vector<std::string>& positional = {});

  /// Moves to the next data row; false at the end of the file.
  bool next();
  bool has(const std::string& column) const { return index_.count(column) > 0; }
  /// The field, trimmed; "" when the column is absent.
  const std::string& str(const std::string& column) const;
  bool empty(const std::string& column) const { return str(column).empty(); }
  int64_t integer(const std::string& column, int64_t lo, int64_t hi) const;
  double number(const std::string& column, double lo, double hi) const;
  /// Seconds: a plain number, or a duration with its unit ("90s", "2h").
  double seconds(const std::string& column) const;
  /// "YYYY-MM-DD HH:MM:SS" (or with a `T`, optional fraction of a second) as seconds since
  /// 1970-01-01 (no time zone: only differences are used), or a plain number of seconds.
  double datetime(const std::string& column) const;

  [[noreturn]] void fail(const std::string& column, const std::string& message) const;
  const std::string& source() const { return source_; }
  int line() const { return line_; }

 private:
  bool next_line(std::string& l);
  std::istream& in_;
  std::string source_;
  std::map<std::string, size_t> index_;
  size_t ncols_ = 0;
  std::vector<std::string> fields_;
  std::string pending_;  // a first line that was data (header-less file)
  bool has_pending_ = false;
  int line_ = 0;
};

/// Splits one CSV line; a field in double quotes may hold commas ("" is a quote). Fields
/// are trimmed of surrounding blanks.
std::vector<std::string> split_csv_line(const std::string& line);

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace vgpusim
