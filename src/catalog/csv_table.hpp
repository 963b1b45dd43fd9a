#pragma once
// A minimal reader for the catalog's own CSV files (no quoting: our values hold no commas).
// Errors are programming errors in shipped data, so they throw std::logic_error with
// "file:line: message" to point straight at the bad row.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vgpusim::catalog_detail {

class CsvTable {
 public:
  struct Row {
    int line = 0;
    std::vector<std::string> cells;
  };

  CsvTable(std::string file, std::string_view text);

  const std::vector<Row>& rows() const { return rows_; }
  const std::string& file() const { return file_; }

  /// Raw cell of a row by column name (the column must exist in the header).
  const std::string& cell(const Row& r, std::string_view column) const;
  std::string text(const Row& r, std::string_view column) const { return cell(r, column); }
  /// Cell parsed as a number; empty cells are an error unless `allow_empty` (then 0 / NaN).
  int64_t integer(const Row& r, std::string_view column) const;
  double number(const Row& r, std::string_view column, bool allow_empty = false) const;
  bool yes_no(const Row& r, std::string_view column) const;
  /// Space-separated integers ("0 2 4"); empty cell = empty list.
  std::vector<int> int_list(const Row& r, std::string_view column) const;

  [[noreturn]] void fail(const Row& r, const std::string& message) const;

 private:
  std::string file_;
  std::map<std::string, size_t, std::less<>> columns_;
  std::vector<Row> rows_;
};

}  // namespace vgpusim::catalog_detail
