#include <catch2/catch.hpp>

#include "vgpusim/util/units.hpp"

using namespace vgpusim;

namespace {
double ok(const char* text, Quantity q) {
  UnitResult r = parse_quantity(text, q);
  REQUIRE(std::holds_alternative<double>(r));
  return std::get<double>(r);
}
std::string err(const char* text, Quantity q) {
  UnitResult r = parse_quantity(text, q);
  REQUIRE(std::holds_alternative<UnitError>(r));
  return std::get<UnitError>(r).message;
}
}  // namespace

TEST_CASE("Units: parsing quantities as people write them", "[units]") {
  SECTION("binary and decimal sizes") {
    CHECK(ok("80GiB", Quantity::bytes) == 80.0 * 1024 * 1024 * 1024);
    CHECK(ok("12GB", Quantity::bytes) == 12e9);
    CHECK(ok("512 MiB", Quantity::bytes) == 512.0 * 1024 * 1024);
    CHECK(ok("1.5TB", Quantity::bytes) == 1.5e12);
  }
  SECTION("bandwidths in bits and bytes per second") {
    CHECK(ok("100Gbps", Quantity::bandwidth) == 12.5e9);
    CHECK(ok("25GB/s", Quantity::bandwidth) == 25e9);
    CHECK(ok("400Mbps", Quantity::bandwidth) == 50e6);
  }
  SECTION("durations") {
    CHECK(ok("2ms", Quantity::duration) == Approx(0.002));
    CHECK(ok("5us", Quantity::duration) == Approx(5e-6));
    CHECK(ok("30min", Quantity::duration) == 1800);
    CHECK(ok("6h", Quantity::duration) == 21600);
    CHECK(ok("1d", Quantity::duration) == 86400);
    CHECK(ok("0s", Quantity::duration) == 0);
  }
  SECTION("rates") {
    CHECK(ok("200/s", Quantity::rate) == 200);
    CHECK(ok("4/h", Quantity::rate) == Approx(4.0 / 3600));
    CHECK(ok("3/min", Quantity::rate) == Approx(0.05));
  }
  SECTION("power") {
    CHECK(ok("300W", Quantity::power) == 300);
    CHECK(ok("1.2kW", Quantity::power) == 1200);
  }
  SECTION("plain and scientific numbers") {
    CHECK(ok("7e9", Quantity::count) == 7e9);
    CHECK(ok("42", Quantity::count) == 42);
    CHECK(ok("0.4", Quantity::count) == Approx(0.4));
  }
}

TEST_CASE("Units: errors say what is wrong and what is allowed", "[units]") {
  SECTION("a number without a unit where one is needed") {
    std::string m = err("80", Quantity::bytes);
    CHECK_THAT(m, Catch::Contains("'80' needs a unit"));
    CHECK_THAT(m, Catch::Contains("GiB"));
  }
  SECTION("an unknown unit") {
    std::string m = err("10 parsecs", Quantity::duration);
    CHECK_THAT(m, Catch::Contains("unknown unit 'parsecs'"));
    CHECK_THAT(m, Catch::Contains("ms"));
  }
  SECTION("a bandwidth written as a size") {
    CHECK_THAT(err("25GB", Quantity::bandwidth),
               Catch::Contains("'25GB' is a size, not a bandwidth"));
  }
  SECTION("not a number at all") {
    CHECK_THAT(err("fast", Quantity::rate), Catch::Contains("expected a number"));
  }
  SECTION("negative values") {
    CHECK_THAT(err("-3s", Quantity::duration), Catch::Contains("non-negative"));
  }
  SECTION("trailing text after a plain number") {
    CHECK_THAT(err("7e9x", Quantity::count), Catch::Contains("is not a number"));
  }
}

TEST_CASE("Units: human-readable rendering", "[units]") {
  SECTION("bytes") {
    CHECK(format_bytes(512) == "512 B");
    CHECK(format_bytes(1536.0 * 1024 * 1024) == "1.5 GiB");
  }
  SECTION("durations") {
    CHECK(format_duration(0.0025) == "2.5 ms");
    CHECK(format_duration(42) == "42 s");
    CHECK(format_duration(3725) == "1h 02m");
    CHECK(format_duration(90000) == "1d 01h");
  }
}
