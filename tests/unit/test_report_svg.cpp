#include <catch2/catch.hpp>

#include "vgpusim/output/svg_chart.hpp"

using namespace vgpusim;

TEST_CASE("Report SVG: scales and ticks", "[report]") {
  SECTION("a linear scale maps the domain ends onto the range ends, inverted ranges too") {
    svg::Scale s{0, 10, 100, 0};
    CHECK(s(0) == 100);
    CHECK(s(10) == 0);
    CHECK(s(2.5) == 75);
    CHECK(svg::Scale{3, 3, 0, 50}(3) == 25);  // zero-width domain: the middle
  }
  SECTION("nice ticks step by 1, 2 or 5 x 10^k and enclose the interval") {
    svg::Ticks t = svg::nice_ticks(0, 97, 5);
    CHECK(t.step == 20);
    REQUIRE(t.values.size() == 6);
    CHECK(t.values.front() == 0);
    CHECK(t.values.back() == 100);
    svg::Ticks f = svg::nice_ticks(0.013, 0.061, 4);
    CHECK(f.step == Approx(0.01));
    CHECK(f.values.front() == Approx(0.01));
    CHECK(f.values.back() == Approx(0.07));
    svg::Ticks n = svg::nice_ticks(-3, 7, 5);
    CHECK(n.step == 2);
    CHECK(n.values.front() == -4);
    CHECK(n.values.back() == 8);
  }
  SECTION("a degenerate interval still gets ticks") {
    svg::Ticks t = svg::nice_ticks(5, 5, 5);
    CHECK(t.values.size() >= 2);
    CHECK(t.values.front() <= 5);
    CHECK(t.values.back() > 5);
  }
  SECTION("tick labels carry the decimals the step needs and no negative zero") {
    CHECK(svg::tick_label(0.25, 0.05) == "0.25");
    CHECK(svg::tick_label(1500, 500) == "1500");
    CHECK(svg::tick_label(-0.0, 1) == "0");
    CHECK(svg::tick_label(0.3, 0.1) == "0.3");
  }
  SECTION("time axes pick a readable unit") {
    CHECK(std::string(svg::time_unit_for(90).name) == "s");
    CHECK(std::string(svg::time_unit_for(3600).name) == "min");
    CHECK(std::string(svg::time_unit_for(12 * 3600).name) == "h");
    CHECK(std::string(svg::time_unit_for(30 * 86400).name) == "d");
  }
}

TEST_CASE("Report SVG: data helpers", "[report]") {
  SECTION("the CDF steps by 1/n through sorted values") {
    auto [x, y] = svg::cdf({3, 1, 2, 4});
    REQUIRE(x.size() == 5);
    CHECK(x == std::vector<double>{1, 1, 2, 3, 4});
    CHECK(y == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
  }
  SECTION("resampling a step signal keeps its time-weighted mean per bin") {
    // 2 from 0 to 1, 6 from 1 to 4: bins of 2 -> (2 + 6) / 2 = 4, then 6.
    auto [x, y] = svg::resample_step({0, 1}, {2, 6}, 0, 4, 2);
    REQUIRE(x.size() == 3);
    CHECK(x == std::vector<double>{0, 2, 4});
    CHECK(y[0] == Approx(4));
    CHECK(y[1] == Approx(6));
    CHECK(y[2] == Approx(6));
  }
  SECTION("the colour ramp is light for little, dark for much, grey for nothing") {
    CHECK(svg::ramp(0) == "#eeeeee");
    CHECK(svg::ramp(1e-9) == "#fde725");
    CHECK(svg::ramp(1) == "#440154");
    CHECK(svg::ramp(7) == "#440154");
  }
  SECTION("text is XML-escaped and coordinates are compact") {
    CHECK(svg::escape("a<b & \"c\"") == "a&lt;b &amp; &quot;c&quot;");
    CHECK(svg::coord(12.0) == "12");
    CHECK(svg::coord(12.25) == "12.2");
    CHECK(svg::coord(-0.01) == "0");
  }
}

TEST_CASE("Report SVG: chart output", "[report]") {
  SECTION("a step series becomes an H/V path inside a self-contained svg") {
    svg::LineChart c;
    c.title = "t<1>";
    c.width = 200, c.height = 100;
    c.x = {"time (s)", 0.0, 10.0};
    c.y = {"GPUs", 0.0, 4.0};
    c.series = {{"alloc", "#0072B2", {0, 5, 10}, {1, 3, 3}, svg::Series::Style::step}};
    const std::string s = svg::render(c);
    CHECK(s.rfind("<svg ", 0) == 0);
    CHECK(s.find("aria-label=\"t&lt;1&gt;\"") != std::string::npos);
    // x: 0..10 -> 58..122 (200 - 78); y: 0..4 -> 58..30 (100 - 42 .. 30).
    CHECK(s.find("d=\"M58 51H90V37H122V37\"") != std::string::npos);
    CHECK(s.find(">time (s)</text>") != std::string::npos);
    CHECK(s.find(">alloc</text>") != std::string::npos);  // legend
    CHECK(s.find("http") == std::string::npos);
    CHECK(s.find("<script") == std::string::npos);
  }
  SECTION("bars start at zero and carry their values; targets are dashed lines") {
    svg::BarChart b;
    b.width = 300, b.height = 200;
    b.categories = {"a", "b"};
    b.groups = {{"kWh", "#009E73", {10, 20}}};
    b.targets = {std::nullopt, 15.0};
    b.y = {"energy (kWh)", 0.0, std::nullopt};
    const std::string s = svg::render(b);
    CHECK(s.find("<rect") != std::string::npos);
    CHECK(s.find(">20.0</text>") != std::string::npos);
    CHECK(s.find("class=\"target\"") != std::string::npos);
    CHECK(s.find(">target</text>") != std::string::npos);
  }
  SECTION("a heat strip draws one rect per cell and a heading per group") {
    svg::HeatStrip h;
    h.width = 600;
    h.x1 = 10;
    h.rows = {{"g0", "pool A", {0, 0.5}, "n0"},
              {"g1", "pool A", {1, 1}, "n1"},
              {"g2", "pool B", {0, 0}, "n2"}};
    const std::string s = svg::render(h);
    size_t cells = 0;
    for (size_t p = s.find("height=\"11\""); p != std::string::npos;
         p = s.find("height=\"11\"", p + 1))
      ++cells;
    CHECK(cells == 6);
    CHECK(s.find(">pool A</text>") != std::string::npos);
    CHECK(s.find(">pool B</text>") != std::string::npos);
    CHECK(s.find(">n1</text>") != std::string::npos);
  }
}
