#include "vgpusim/util/units.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

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

template <size_t N>
std::string list_units(const std::array<Unit, N>& units) {
  std::string r;
  for (const auto& u : units) {
    if (!r.empty()) r += ", ";
    r += u.suffix;
  }
  return r;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

template <size_t N>
bool has_suffix(const std::array<Unit, N>& units, std::string_view rest) {
  for (const auto& u : units)
    if (u.suffix == rest) return true;
  return false;
}

bool other_kind_has(Quantity kind, std::string_view rest) {
  switch (kind) {
    case Quantity::bytes:
      return has_suffix(kBytes, rest);
    case Quantity::bandwidth:
      return has_suffix(kBandwidth, rest);
    case Quantity::duration:
      return has_suffix(kDuration, rest);
    case Quantity::rate:
      return has_suffix(kRate, rest);
    case Quantity::power:
      return has_suffix(kPower, rest);
    case Quantity::count:
      return false;
  }
  return false;
}

template <size_t N>
UnitResult parse_with(std::string_view text, const std::array<Unit, N>& units, Quantity kind) {
  std::string_view s = trim(text);
  double number = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
  if (ec != std::errc() || ptr == s.data())
    return UnitError{fmt::format("'{}' is not a {}: expected a number followed by one of {}", text,
                                 quantity_name(kind), units_of(kind))};
  std::string_view rest =
      trim(std::string_view(ptr, static_cast<size_t>(s.data() + s.size() - ptr)));
  if (rest.empty())
    return UnitError{fmt::format("'{}' needs a unit: one of {}", text, units_of(kind))};
  for (const auto& u : units)
    if (rest == u.suffix) {
      if (!std::isfinite(number) || number < 0)
        return UnitError{
            fmt::format("'{}' must be a finite, non-negative {}", text, quantity_name(kind))};
      return number * u.factor;
    }
  // A unit of another kind (a size where a bandwidth belongs) is a common slip: say so.
  for (Quantity other :
       {Quantity::bytes, Quantity::bandwidth, Quantity::duration, Quantity::rate, Quantity::power})
    if (other != kind && other_kind_has(other, rest))
      return UnitError{fmt::format("'{}' is a {}, not a {}; allowed units: {}", text,
                                   quantity_name(other), quantity_name(kind), units_of(kind))};
  return UnitError{fmt::format("'{}': unknown unit '{}' for a {}; allowed: {}", text, rest,
                               quantity_name(kind), units_of(kind))};
}

}  // namespace

std::string_view quantity_name(Quantity kind) {
  switch (kind) {
    case Quantity::bytes:
      return "size";
    case Quantity::bandwidth:
      return "bandwidth";
    case Quantity::duration:
      return "duration";
    case Quantity::rate:
      return "rate";
    case Quantity::power:
      return "power";
    case Quantity::count:
      return "number";
  }
  return "quantity";
}

std::string_view units_of(Quantity kind) {
  static const std::string bytes = list_units(kBytes);
  static const std::string bw = list_units(kBandwidth);
  static const std::string dur = list_units(kDuration);
  static const std::string rate = list_units(kRate);
  static const std::string power = list_units(kPower);
  switch (kind) {
    case Quantity::bytes:
      return bytes;
    case Quantity::bandwidth:
      return bw;
    case Quantity::duration:
      return dur;
    case Quantity::rate:
      return rate;
    case Quantity::power:
      return power;
    case Quantity::count:
      return "a plain or scientific number (7e9)";
  }
  return "";
}

UnitResult parse_quantity(std::string_view text, Quantity kind) {
  switch (kind) {
    case Quantity::bytes:
      return parse_with(text, kBytes, kind);
    case Quantity::bandwidth:
      return parse_with(text, kBandwidth, kind);
    case Quantity::duration:
      return parse_with(text, kDuration, kind);
    case Quantity::rate:
      return parse_with(text, kRate, kind);
    case Quantity::power:
      return parse_with(text, kPower, kind);
    case Quantity::count: {
      std::string_view s = trim(text);
      double number = 0;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
      if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
        return UnitError{fmt::format("'{}' is not a number (write 7e9 or 7000000000)", text)};
      if (!std::isfinite(number) || number < 0)
        return UnitError{fmt::format("'{}' must be a finite, non-negative number", text)};
      return number;
    }
  }
  return UnitError{"unknown quantity"};
}

const QuantityRange& engine_range(Quantity kind) {
  static const QuantityRange bytes{0, 1e18, true, "sizes up to 1e18 B (1 EB)"};
  static const QuantityRange bw{1e3, 1e15, true,
                                "bandwidths of 0 (not set) or from 1 kB/s to 1e15 B/s (8 Pbps)"};
  static const QuantityRange dur{0, 1e9, true, "durations up to 1e9 s (about 31 years)"};
  static const QuantityRange rate{0, 1e6, true, "rates up to 1e6/s"};
  static const QuantityRange power{0, 1e7, true, "powers up to 10 MW"};
  static const QuantityRange count{0, std::numeric_limits<double>::max(), true, ""};
  switch (kind) {
    case Quantity::bytes:
      return bytes;
    case Quantity::bandwidth:
      return bw;
    case Quantity::duration:
      return dur;
    case Quantity::rate:
      return rate;
    case Quantity::power:
      return power;
    case Quantity::count:
      return count;
  }
  return count;
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

}  // namespace vgpusim
