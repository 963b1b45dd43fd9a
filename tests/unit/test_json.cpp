#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "test_problems.hpp"
#include "vgpusim/util/diagnostics.hpp"
#include "vgpusim/util/json.hpp"
#include "vgpusim/util/json_writer.hpp"

using namespace vgpusim;

TEST_CASE("Json: documents print in vgpusim's deterministic layout", "[json]") {
  SECTION("two-space indent, empty containers closed on their line, a final newline") {
    Json v = Json::object();
    v["a"] = 1;
    v["b"] = Json::array({1.5, "x", nullptr});
    v["c"] = Json::object();
    v["d"] = Json::array();
    CHECK(dump_json(v) == "{\n  \"a\": 1,\n  \"b\": [\n    1.5,\n    \"x\",\n    null\n  ],\n"
                          "  \"c\": {},\n  \"d\": []\n}\n");
  }
  SECTION("keys stay in the order they were written") {
    JsonWriter w(0);
    w.begin_object().field("z", 1).field("a", 2).end_object();
    CHECK(w.str() == R"({"z":1,"a":2})");
  }
  SECTION("numbers: 12 significant digits, integral doubles without a fraction, no NaN") {
    CHECK(dump_json(Json(100000.0), 0) == "100000");
    CHECK(dump_json(Json(1e300), 0) == "1e+300");
    CHECK(dump_json(Json(0.1 + 0.2), 0) == "0.3");
    CHECK(dump_json(Json(std::nan("")), 0) == "null");
    CHECK(dump_json(Json(int64_t{-5}), 0) == "-5");
  }
  SECTION("numbers: the one-conversion form is the shortest form of the 12-digit rounding") {
    // json_number prints %.12g where that is fmt's layout; the reference is the definition:
    // round to 12 significant digits, read it back, print the shortest form.
    auto reference = [](double v) { return fmt::format("{}", std::stod(fmt::format("{:.12g}", v))); };
    uint64_t x = 88172645463325252ull;  // xorshift64: a fixed spread of magnitudes and digits
    for (int i = 0; i < 20000; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      const double mantissa = static_cast<double>(x >> 11) / static_cast<double>(1ull << 53);
      const double v = (i % 2 ? -1 : 1) * (0.5 + mantissa) * std::pow(10.0, i % 40 - 20);
      if (v == std::trunc(v) && std::fabs(v) < 1e12) continue;  // the integer path
      INFO(fmt::format("{:.17g}", v));
      REQUIRE(json_number(v) == reference(v));
    }
    CHECK(json_number(1.5e-5) == "1.5e-05");
    CHECK(json_number(0.0001) == "0.0001");
    CHECK(json_number(1234567890123.5) == "1234567890120");  // fixed notation up to 1e16
    CHECK(json_number(2.5e20) == "2.5e+20");
  }
}

TEST_CASE("Json: strings are escaped and made valid UTF-8 in one place", "[json]") {
  SECTION("quotes, backslashes and control characters") {
    CHECK(json_quote("a\"b\\c\n\t\x01") == R"("a\"b\\c\n\t\u0001")");
  }
  SECTION("valid UTF-8 is kept as it is") {
    CHECK(json_quote("Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac") == "\"Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac\"");
    CHECK(is_valid_utf8("\xe2\x82\xac"));
  }
  SECTION("a byte that is not UTF-8 becomes U+FFFD, so the file stays valid JSON") {
    CHECK_FALSE(is_valid_utf8("bad \xff name"));
    const std::string q = json_quote("bad \xff name");
    CHECK(q == "\"bad \xef\xbf\xbd name\"");
    CHECK(Json::parse(q).get<std::string>() == "bad \xef\xbf\xbd name");
  }
}

TEST_CASE("Json: reading reports where the text is wrong", "[json]") {
  SECTION("a syntax error at its line and column") {
    const auto p = test::problems_of([] { parse_json("{\n  \"a\": [1,\n", "x.json", "JSON"); });
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::StartsWith("x.json:3:1: invalid JSON: syntax error"));
  }
  SECTION("nesting deeper than the bound is refused, not recursed into") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const auto p = test::problems_of([&] { parse_json(deep, "deep.json", "JSON"); });
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::Contains("nested deeper than 256 levels"));
  }
  SECTION("a value's position by key path") {
    const std::string text = "{\"a\": {\"b\": [10,\n  {\"c\\\"q\": 1, \"d\": \"x\"}]}}";
    CHECK(json_position(text, "a.b[1].d") == std::pair{2, 20});
    CHECK(json_position(text, "a.b[0]") == std::pair{1, 14});
    CHECK(json_position(text, "a.b[2]") == std::pair{0, 0});
    CHECK(json_position(text, "a.zz") == std::pair{0, 0});
  }
  SECTION("a value by key path") {
    const Json v = Json::parse(R"({"a": {"b": [10, {"d": "x"}]}})");
    REQUIRE(json_find(v, "a.b[1].d") != nullptr);
    CHECK(json_find(v, "a.b[1].d")->get<std::string>() == "x");
    CHECK(json_find(v, "a.b[5]") == nullptr);
    CHECK(json_find(v, "a.b.c") == nullptr);
  }
}
