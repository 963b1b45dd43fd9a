#include "vgpusim/util/units.hpp"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <span>

namespace vgpusim {
namespace {

struct Unit {
  std::string_view suffix;
  double factor;
};

// Longest suffixes first within each table, so that "GiB" is not read as "B".
constexpr std::array kBytes{Unit{"KiB", 1024.0},
                            Unit{"MiB", 1048576.0},
                            Unit{"GiB", 1073741824.0},
                            Unit{"TiB", 1099511627776.0},
                            Unit{"PiB", 1125899906842624.0},
                            Unit{"KB", 1e3},
                            Unit{"kB", 1e3},
                            Unit{"MB", 1e6},
                            Unit{"GB", 1e9},
                            Unit{"TB", 1e12},
                            Unit{"PB", 1e15},
                            Unit{"B", 1.0}};
constexpr std::array kBandwidth{Unit{"Kbps", 1e3 / 8},    Unit{"Mbps", 1e6 / 8},
                                Unit{"Gbps", 1e9 / 8},    Unit{"Tbps", 1e12 / 8},
                                Unit{"bps", 1.0 / 8},     Unit{"KiB/s", 1024.0},
                                Unit{"MiB/s", 1048576.0}, Unit{"GiB/s", 1073741824.0},
                                Unit{"KB/s", 1e3},        Unit{"kB/s", 1e3},
                                Unit{"MB/s", 1e6},        Unit{"GB/s", 1e9},
                                Unit{"TB/s", 1e12},       Unit{"B/s", 1.0}};
constexpr std::array kDuration{Unit{"ns", 1e-9},   Unit{"us", 1e-6},   Unit{"ms", 1e-3},
                               Unit{"min", 60.0},  Unit{"s", 1.0},     Unit{"h", 3600.0},
                               Unit{"d", 86400.0}, Unit{"w", 604800.0}};
constexpr std::array kRate{Unit{"/s", 1.0},         Unit{"/min", 1.0 / 60}, Unit{"/h", 1.0 / 3600},
                           Unit{"/d", 1.0 / 86400}, Unit{"per s", 1.0},     Unit{"Hz", 1.0}};
constexpr std::array kPower{Unit{"kW", 1e3}, Unit{"mW", 1e-3}, Unit{"W", 1.0}};

// Everything the parser and the messages know about a kind of quantity, in one row per
// kind (in the order of the enum): its name, its units and the range the engine handles.
struct QuantityInfo {
  Quantity kind;
  std::string_view name;
  std::span<const Unit> units;  // empty for a plain count
  QuantityRange range;
  std::string unit_list;  // for messages: "KiB, MiB, ..."
};

std::string list_units(std::span<const Unit> units) {
  std::string r;
  for (const auto& u : units) r += (r.empty() ? "" : ", ") + std::string(u.suffix);
  return r;
}

const std::array<QuantityInfo, 6>& quantities() {
  static const std::array<QuantityInfo, 6> table = [] {
    std::array<QuantityInfo, 6> t{
        QuantityInfo{
            Quantity::bytes, "size", kBytes, {0, 1e18, true, "sizes up to 1e18 B (1 EB)"}, {}},
        QuantityInfo{
            Quantity::bandwidth,
            "bandwidth",
            kBandwidth,
            {1e3, 1e15, true, "bandwidths of 0 (not set) or from 1 kB/s to 1e15 B/s (8 Pbps)"},
            {}},
        QuantityInfo{Quantity::duration,
                     "duration",
                     kDuration,
                     {0, 1e9, true, "durations up to 1e9 s (about 31 years)"},
                     {}},
        QuantityInfo{Quantity::rate, "rate", kRate, {0, 1e6, true, "rates up to 1e6/s"}, {}},
        QuantityInfo{Quantity::power, "power", kPower, {0, 1e7, true, "powers up to 10 MW"}, {}},
        QuantityInfo{Quantity::count,
                     "number",
                     {},
                     {0, std::numeric_limits<double>::max(), true, ""},
                     "a plain or scientific number (7e9)"}};
    for (auto& q : t)
      if (!q.units.empty()) q.unit_list = list_units(q.units);
    return t;
  }();
  return table;
}

const QuantityInfo& info(Quantity kind) {
  const QuantityInfo& q = quantities()[static_cast<size_t>(kind)];
  assert(q.kind == kind);  // rows in the order of the enum
  return q;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

UnitResult parse_count(std::string_view text) {
  std::string_view s = trim(text);
  double number = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
    return UnitError{fmt::format("'{}' is not a number (write 7e9 or 7000000000)", text)};
  if (!std::isfinite(number) || number < 0)
    return UnitError{fmt::format("'{}' must be a finite, non-negative number", text)};
  return number;
}

}  // namespace

std::string_view quantity_name(Quantity kind) {
  return info(kind).name;
}

std::string_view units_of(Quantity kind) {
  return info(kind).unit_list;
}

const QuantityRange& engine_range(Quantity kind) {
  return info(kind).range;
}

UnitResult parse_quantity(std::string_view text, Quantity kind) {
  const QuantityInfo& q = info(kind);
  if (q.units.empty()) return parse_count(text);
  std::string_view s = trim(text);
  double number = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
  if (ec != std::errc() || ptr == s.data())
    return UnitError{fmt::format("'{}' is not a {}: expected a number followed by one of {}", text,
                                 q.name, q.unit_list)};
  std::string_view rest =
      trim(std::string_view(ptr, static_cast<size_t>(s.data() + s.size() - ptr)));
  if (rest.empty())
    return UnitError{fmt::format("'{}' needs a unit: one of {}", text, q.unit_list)};
  for (const auto& u : q.units)
    if (rest == u.suffix) {
      if (!std::isfinite(number) || number < 0)
        return UnitError{fmt::format("'{}' must be a finite, non-negative {}", text, q.name)};
      return number * u.factor;
    }
  // A unit of another kind (a size where a bandwidth belongs) is a common slip: say so.
  for (const QuantityInfo& other : quantities())
    for (const auto& u : other.units)
      if (other.kind != kind && u.suffix == rest)
        return UnitError{fmt::format("'{}' is a {}, not a {}; allowed units: {}", text, other.name,
                                     q.name, q.unit_list)};
  return UnitError{fmt::format("'{}': unknown unit '{}' for a {}; allowed: {}", text, rest, q.name,
                               q.unit_list)};
}

std::string format_bytes(double bytes) {
  static constexpr std::array names{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  size_t i = 0;
  while (std::fabs(bytes) >= 1024 && i + 1 < names.size()) {
    bytes /= 1024;
    ++i;
  }
  return i == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.3g} {}", bytes, names[i]);
}

std::string format_duration(double s) {
  if (!std::isfinite(s)) return "-";
  if (std::fabs(s) >= 8.64e9) return fmt::format("{:.3g} d", s / 86400);  // beyond 100,000 days
  if (s < 1e-3) return fmt::format("{:.3g} us", s * 1e6);
  if (s < 1) return fmt::format("{:.3g} ms", s * 1e3);
  if (s < 60) return fmt::format("{:.3g} s", s);
  if (s < 3600)
    return fmt::format("{}m {:02}s", static_cast<long>(s) / 60, static_cast<long>(s) % 60);
  if (s < 86400)
    return fmt::format("{}h {:02}m", static_cast<long>(s) / 3600,
                       (static_cast<long>(s) % 3600) / 60);
  return fmt::format("{}d {:02}h", static_cast<long>(s) / 86400,
                     (static_cast<long>(s) % 86400) / 3600);
}

std::string format_bandwidth(double bps) {
  if (bps >= 1e9) return fmt::format("{:.3g} GB/s", bps / 1e9);
  if (bps >= 1e6) return fmt::format("{:.3g} MB/s", bps / 1e6);
  return fmt::format("{:.3g} B/s", bps);
}

std::string format_count(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    digits.insert(static_cast<size_t>(i), ",");
  return (n < 0 ? "-" : "") + digits;
}

std::string format_metric(std::string_view path, double v) {
  if (!std::isfinite(v)) return "-";
  const size_t dot = path.rfind('.');
  const std::string_view last = path.substr(dot == std::string_view::npos ? 0 : dot + 1);
  auto ends_with = [](std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
  };
  const bool duration = ends_with(last, "_s") || path.find("_s.") != std::string_view::npos;
  if (duration && v >= 0)
    return v < 60 ? format_duration(v) : fmt::format("{} ({:.6g} s)", format_duration(v), v);
  if (path.find("_usd") != std::string_view::npos) return format_money(v);
  return fmt::format("{:.6g}", v);
}

std::string format_money(double usd) {
  if (!std::isfinite(usd)) return "-";
  // Beyond a trillion dollars (absurd inputs), cents would overflow: scientific notation.
  if (std::fabs(usd) >= 1e12) return fmt::format("${:.3g}", usd);
  const auto cents = static_cast<long long>(std::llround(usd * 100));
  return fmt::format("{}${}.{:02}", cents < 0 ? "-" : "", format_count(std::llabs(cents) / 100),
                     std::llabs(cents) % 100);
}

}  // namespace vgpusim
