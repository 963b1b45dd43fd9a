#include <catch2/catch.hpp>

#include "vgpusim/output/run_outputs.hpp"
#include "vgpusim/output/summary.hpp"
#include "vgpusim/util/image_cache.hpp"
#include "vgpusim/util/json_writer.hpp"

using namespace vgpusim;

TEST_CASE("Output: JSON writer is valid and deterministic", "[output]") {
  SECTION("nested objects and arrays") {
    JsonWriter w(0);
    w.begin_object().field("a", 1).key("b").begin_array().value(1.5).value("x").null().end_array();
    w.field("c", true).end_object();
    CHECK(w.str() == R"({"a":1,"b":[1.5,"x",null],"c":true})");
  }
  SECTION("strings are escaped") {
    CHECK(JsonWriter::escape("a\"b\\c\n") == R"("a\"b\\c\n")");
  }
  SECTION("numbers drop last-bit noise and non-finite values become null") {
    CHECK(JsonWriter::format_number(0.1 + 0.2) == "0.3");
    CHECK(JsonWriter::format_number(1.0 / 0.0) == "null");
    CHECK(JsonWriter::format_number(-0.0) == "0");
    CHECK(JsonWriter::format_number(12345678.0) == "12345678");
  }
}

TEST_CASE("Output: statistics use nearest-rank percentiles", "[output]") {
  SECTION("one to ten") {
    Stats s = describe({10, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(s.count == 10);
    CHECK(s.mean == Approx(5.5));
    CHECK(s.p50 == 5);
    CHECK(s.p95 == 10);
    CHECK(s.max == 10);
  }
  SECTION("empty") {
    Stats s = describe({});
    CHECK(s.count == 0);
    CHECK(s.mean == 0);
  }
}

TEST_CASE("Output: summary figures from records", "[output]") {
  RunResult r;
  r.total_gpus = 2;
  r.end_time = 100;
  JobRecord a{1, "w", JobStatus::done, 0, 0, 40, 1, 0, "", ""};
  JobRecord b{2, "w", JobStatus::done, 10, 20, 100, 1, 10, "", ""};
  JobRecord c{3, "w", JobStatus::failed, 20, -1, 20, 1, 0, "", ""};
  r.jobs = {a, b, c};
  GpuRecord g0, g1;
  g0.allocated_time = 100;
  g0.busy_time = 50;
  g1.allocated_time = 50;
  r.gpus = {g0, g1};
  Summary s = summarize(r);
  SECTION("jobs and makespan") {
    CHECK(s.jobs_submitted == 3);
    CHECK(s.jobs_done == 2);
    CHECK(s.jobs_failed == 1);
    CHECK(s.makespan == 100);
    CHECK(s.jct.mean == Approx(65));
  }
  SECTION("time-averaged allocation and utilisation") {
    CHECK(s.gpu_allocation == Approx(0.75));
    CHECK(s.gpu_utilisation == Approx(0.25));
  }
  SECTION("jobs.csv has one row per job and leaves unknown times empty") {
    std::string csv = jobs_csv(r);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 4);
    CHECK_THAT(csv, Catch::Contains("3,w,failed,20,,20,0,0,1"));
  }
}

TEST_CASE("Output: image cache keeps recently used images within its capacity", "[output]") {
  ImageCache c(30);
  SECTION("hits after insert") {
    c.insert("a", 10);
    CHECK(c.touch("a"));
    CHECK_FALSE(c.touch("b"));
  }
  SECTION("evicts the least recently used") {
    c.insert("a", 10);
    c.insert("b", 10);
    c.insert("c", 10);
    c.touch("a");
    auto evicted = c.insert("d", 10);
    REQUIRE(evicted.size() == 1);
    CHECK(evicted[0] == "b");
    CHECK(c.used() == 30);
  }
  SECTION("an image larger than the cache is not kept") {
    CHECK(c.insert("huge", 40).empty());
    CHECK_FALSE(c.touch("huge"));
  }
}
