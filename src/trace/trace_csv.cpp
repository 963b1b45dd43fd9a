#include "vgpusim/trace/trace_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <istream>

#include "vgpusim/trace/trace_job.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim {
namespace {

std::string trim(const std::string& v) {
  size_t b = 0, e = v.size();
  while (b < e && (v[b] == ' ' || v[b] == '\t')) ++b;
  while (e > b && (v[e - 1] == ' ' || v[e - 1] == '\t' || v[e - 1] == '\r')) --e;
  return v.substr(b, e - b);
}

std::string join(const std::vector<std::string>& v) {
  std::string r;
  for (const auto& s : v) r += (r.empty() ? "" : ", ") + s;
  return r;
}

const std::string kEmpty;

}  // namespace

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  for (auto& f : out) f = trim(f);
  return out;
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

TraceCsv::TraceCsv(std::istream& in, std::string source, const std::vector<std::string>& required,
                   const std::vector<std::string>& positional)
    : in_(in), source_(std::move(source)) {
  std::string header;
  do {
    if (!next_line(header))
      throw TraceError(source_ + ": empty file; expected a header naming the columns " +
                       join(required));
  } while (trim(header).empty() || trim(header).front() == '#');
  auto cols = split_csv_line(header);
  if (!positional.empty() && cols.front() != positional.front()) {
    // Header-less: that line is the first row.
    pending_ = header;
    has_pending_ = true;
    cols = positional;
  }
  for (size_t i = 0; i < cols.size(); ++i) index_.emplace(cols[i], i);
  ncols_ = cols.size();
  std::vector<std::string> missing;
  for (const auto& r : required)
    if (!index_.count(r)) missing.push_back(r);
  if (!missing.empty())
    throw TraceError(source_ + ": line " + std::to_string(line_) + ": header: missing column" +
                     (missing.size() > 1 ? "s " : " ") + join(missing) + "; the format needs " +
                     join(required));
}

bool TraceCsv::next_line(std::string& l) {
  if (!std::getline(in_, l)) return false;
  ++line_;
  return true;
}

bool TraceCsv::next() {
  std::string l;
  for (;;) {
    if (has_pending_) {  // the header-less file's first row: line_ is still its line
      l = pending_;
      has_pending_ = false;
    } else if (!next_line(l)) {
      return false;
    }
    const std::string t = trim(l);
    if (!t.empty() && t.front() != '#') break;
  }
  fields_ = split_csv_line(l);
  if (fields_.size() < ncols_)
    throw TraceError(source_ + ": line " + std::to_string(line_) + ": row: " +
                     std::to_string(fields_.size()) + " fields, the header has " +
                     std::to_string(ncols_));
  return true;
}

const std::string& TraceCsv::str(const std::string& column) const {
  auto it = index_.find(column);
  return it == index_.end() ? kEmpty : fields_[it->second];
}

void TraceCsv::fail(const std::string& column, const std::string& message) const {
  throw TraceError(source_ + ": line " + std::to_string(line_) + ": " + column + ": " + message);
}

int64_t TraceCsv::integer(const std::string& column, int64_t lo, int64_t hi) const {
  const std::string& v = str(column);
  int64_t x = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  // "8.0" is how pandas writes integer columns with gaps: accept a zero fraction.
  if (ec == std::errc() && p != v.data() + v.size()) {
    const double d = number(column, static_cast<double>(lo), static_cast<double>(hi));
    if (d != std::floor(d)) fail(column, "expected a whole number, got '" + v + "'");
    return static_cast<int64_t>(d);
  }
  if (v.empty() || ec != std::errc())
    fail(column, "expected a whole number, got '" + v + "'");
  if (x < lo || x > hi)
    fail(column, v + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return x;
}

double TraceCsv::number(const std::string& column, double lo, double hi) const {
  const std::string& v = str(column);
  char* end = nullptr;
  errno = 0;
  const double x = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || errno == ERANGE || !std::isfinite(x))
    fail(column, "expected a number, got '" + v + "'");
  if (x < lo || x > hi)
    fail(column, fmt::format("{} is out of range [{}, {}]", v, lo, hi));
  return x;
}

double TraceCsv::seconds(const std::string& column) const {
  const std::string& v = str(column);
  char* end = nullptr;
  const double plain = std::strtod(v.c_str(), &end);
  if (!v.empty() && end == v.c_str() + v.size()) {
    if (!std::isfinite(plain) || plain < 0)
      fail(column, "expected a duration >= 0, got '" + v + "'");
    return plain;
  }
  const UnitResult r = parse_quantity(v, Quantity::duration);
  const double* x = std::get_if<double>(&r);
  if (!x || *x < 0)
    fail(column, "expected a duration in seconds (or with a unit: 90s, 2h), got '" + v + "'");
  return *x;
}

double TraceCsv::datetime(const std::string& column) const {
  const std::string& v = str(column);
  char* end = nullptr;
  const double plain = std::strtod(v.c_str(), &end);
  if (!v.empty() && end == v.c_str() + v.size() && std::isfinite(plain)) return plain;
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0;
  double s = 0;
  int n = 0;
  const char sep = v.size() > 10 ? v[10] : ' ';
  const bool shape = v.size() >= 19 && v[4] == '-' && v[7] == '-' && (sep == ' ' || sep == 'T') &&
                     v[13] == ':' && v[16] == ':';
  if (shape) {
    const std::string fmtstr = std::string("%4d-%2u-%2u") + sep + "%2u:%2u:%lf%n";
    if (std::sscanf(v.c_str(), fmtstr.c_str(), &y, &mo, &d, &h, &mi, &s, &n) != 6) n = 0;
  }
  if (!shape || n != static_cast<int>(v.size()) || mo < 1 || mo > 12 || d < 1 || d > 31 ||
      h > 23 || mi > 59 || s < 0 || s >= 61)
    fail(column, "expected a date and time 'YYYY-MM-DD HH:MM:SS' (or seconds), got '" + v + "'");
  return static_cast<double>(days_from_civil(y, mo, d)) * 86400.0 + h * 3600.0 + mi * 60.0 + s;
}

std::string_view to_string(TraceStatus s) {
  switch (s) {
    case TraceStatus::completed:
      return "completed";
    case TraceStatus::failed:
      return "failed";
    case TraceStatus::killed:
      return "killed";
  }
  return "completed";
}

void TraceJobs::keep(TraceJob j, int line, bool cpu_jobs) {
  if (j.demand.kind == GpuDemand::Kind::none && !cpu_jobs) {
    ++skipped_cpu_only;
    return;
  }
  j.line = line;
  jobs.push_back(std::move(j));
}

void TraceJobs::finish() {
  std::stable_sort(jobs.begin(), jobs.end(),
                   [](const TraceJob& a, const TraceJob& b) { return a.submit < b.submit; });
  if (jobs.empty()) return;
  const double first = jobs.front().submit;
  for (auto& j : jobs) j.submit -= first;
}

}  // namespace vgpusim
