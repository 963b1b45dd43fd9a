#pragma once
// A CSV row built by appending its fields in place. The run's tables get a row per stage,
// job, placement interval and cluster change (hundreds of thousands in a big run): a string
// per number and then the row through fmt::format cost about as much as the rest of the
// recording (bench/bare_overhead.sh, docs/performance.md).
#include <fmt/format.h>

#include <iterator>
#include <string>
#include <string_view>

#include "vgpusim/util/json.hpp"

namespace vgpusim {

class CsvRow {
 public:
  /// A number as JSON prints it (json_number: 12 significant digits, integers plain).
  CsvRow& number(double v) {
    next();
    append_json_number(text_, v);
    return *this;
  }
  /// A time, or an empty field when it is negative (not reached).
  CsvRow& time(double v) {
    next();
    if (v >= 0) append_json_number(text_, v);
    return *this;
  }
  CsvRow& integer(long long v) {
    next();
    fmt::format_to(std::back_inserter(text_), "{}", v);
    return *this;
  }
  /// Text that needs no quoting (names of kinds and statuses, GPU lists).
  CsvRow& raw(std::string_view v) {
    next();
    text_ += v;
    return *this;
  }
  /// Text with RFC 4180 quoting when it needs it (as csv_field).
  CsvRow& field(std::string_view v) {
    next();
    if (v.find_first_of(",\"\n") == std::string_view::npos) {
      text_ += v;
      return *this;
    }
    text_ += '"';
    for (char c : v) {
      if (c == '"') text_ += '"';
      text_ += c;
    }
    text_ += '"';
    return *this;
  }
  /// The row with its newline.
  std::string line() && {
    text_ += '\n';
    return std::move(text_);
  }

 private:
  void next() {
    if (started_) text_ += ',';
    started_ = true;
  }
  std::string text_;
  bool started_ = false;
};

}  // namespace vgpusim
