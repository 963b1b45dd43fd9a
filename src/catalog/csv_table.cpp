#include "catalog/csv_table.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace vgpusim::catalog_detail {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string> split(std::string_view line, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    size_t next = line.find(sep, pos);
    out.emplace_back(trim(line.substr(pos, next == std::string_view::npos ? next : next - pos)));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return out;
}

}  // namespace

CsvTable::CsvTable(std::string file, std::string_view text) : file_(std::move(file)) {
  int line_no = 0;
  bool have_header = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    auto cells = split(line, ',');
    if (!have_header) {
      for (size_t i = 0; i < cells.size(); ++i) columns_.emplace(cells[i], i);
      have_header = true;
      continue;
    }
    Row row{line_no, std::move(cells)};
    if (row.cells.size() != columns_.size()) {
      fail(row, fmt::format("{} cells, header has {}", row.cells.size(), columns_.size()));
    }
    rows_.push_back(std::move(row));
  }
  if (!have_header) throw std::logic_error(fmt::format("{}: no header line", file_));
}

void CsvTable::fail(const Row& r, const std::string& message) const {
  throw std::logic_error(fmt::format("{}:{}: {}", file_, r.line, message));
}

const std::string& CsvTable::cell(const Row& r, std::string_view column) const {
  auto it = columns_.find(column);
  if (it == columns_.end()) fail(r, fmt::format("no column '{}' in the header", column));
  return r.cells[it->second];
}

int64_t CsvTable::integer(const Row& r, std::string_view column) const {
  const std::string& s = cell(r, column);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) {
    fail(r, fmt::format("column '{}': '{}' is not an integer", column, s));
  }
  return v;
}

double CsvTable::number(const Row& r, std::string_view column, bool allow_empty) const {
  const std::string& s = cell(r, column);
  if (s.empty() && allow_empty) return std::numeric_limits<double>::quiet_NaN();
  // std::from_chars for double is available in GCC 11+, but istringstream keeps this portable.
  std::istringstream in(s);
  double v = 0;
  char extra = 0;
  if (s.empty() || !(in >> v) || (in >> extra) || !std::isfinite(v)) {
    fail(r, fmt::format("column '{}': '{}' is not a number", column, s));
  }
  return v;
}

bool CsvTable::yes_no(const Row& r, std::string_view column) const {
  const std::string& s = cell(r, column);
  if (s == "yes") return true;
  if (s == "no") return false;
  fail(r, fmt::format("column '{}': '{}' must be yes or no", column, s));
}

std::vector<int> CsvTable::int_list(const Row& r, std::string_view column) const {
  std::vector<int> out;
  std::istringstream in(cell(r, column));
  std::string tok;
  while (in >> tok) {
    int v = 0;
    auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
    if (ec != std::errc() || p != tok.data() + tok.size()) {
      fail(r, fmt::format("column '{}': '{}' is not an integer", column, tok));
    }
    out.push_back(v);
  }
  return out;
}

}  // namespace vgpusim::catalog_detail
