#pragma once
// Quantities written the way people write them: "80GiB", "100Gbps", "25GB/s", "2ms",
// "6h", "4/h", "200/s", "7e9". Parsing returns SI base units (bytes, bytes/s, seconds,
// events/s, watts) or an error text that says what was expected.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace vgpusim {

enum class Quantity { bytes, bandwidth, duration, rate, power, count };

struct UnitError {
  std::string message;  // e.g. "'80' needs a unit: one of B, KB, MB, GB, TB, KiB, MiB, GiB, TiB"
};

/// The value in base units, or the reason it is not a valid quantity of that kind.
using UnitResult = std::variant<double, UnitError>;

UnitResult parse_quantity(std::string_view text, Quantity kind);

/// What the simulator handles for a kind of quantity (docs/scenario.md, "Ranges"): a value
/// outside is refused by the loader. Durations up to ~31 years keep SimGrid's double clock
/// at sub-microsecond resolution and every report's arithmetic finite; a bandwidth is 0
/// (where a key means "not set") or at least 1 kB/s, so no transfer takes centuries.
struct QuantityRange {
  double min, max;
  bool zero_allowed;  // 0 is accepted even below min
  std::string text;   // "durations up to 1e9 s (about 31 years)"
};
const QuantityRange& engine_range(Quantity kind);

/// Units accepted for a kind, for error messages and docs.
std::string_view units_of(Quantity kind);
std::string_view quantity_name(Quantity kind);

/// Human-readable renderings used by reports and the CLI ("1.5 GiB", "2h 03m", "25 GB/s").
std::string format_bytes(double bytes);
std::string format_duration(double seconds);
std::string format_bandwidth(double bytes_per_s);

}  // namespace vgpusim
