// LatencyStats (per-service request latencies) and the per-service figures built on it.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "vgpusim/output/service_outputs.hpp"
#include "vgpusim/workload/latency_stats.hpp"

using namespace vgpusim;

TEST_CASE("LatencyStats: behaviour", "[output]") {
  SECTION("empty stats report zeros") {
    LatencyStats s({0.1});
    CHECK(s.count() == 0);
    CHECK(s.mean() == 0);
    CHECK(s.percentile(99) == 0);
    CHECK(s.fraction_at_or_under(0) == 0);
  }
  SECTION("equal values give exact percentiles") {
    LatencyStats s;
    for (int i = 0; i < 1000; ++i) s.add(0.0123);
    CHECK(s.percentile(50) == 0.0123);
    CHECK(s.percentile(99) == 0.0123);
    CHECK(s.mean() == Approx(0.0123).epsilon(1e-12));
  }
  SECTION("nearest-rank percentiles within the bucket resolution") {
    // 1..1000 ms: the nearest-rank p-th percentile is p x 10 ms.
    LatencyStats s;
    for (int i = 1; i <= 1000; ++i) s.add(i * 1e-3);
    CHECK(s.count() == 1000);
    CHECK(s.mean() == Approx(0.5005).epsilon(1e-12));
    CHECK(s.min() == 1e-3);
    CHECK(s.max() == 1.0);
    for (double p : {50.0, 95.0, 99.0})
      CHECK(s.percentile(p) == Approx(p * 1e-2).epsilon(LatencyStats::kResolution));
    CHECK(s.percentile(100) == Approx(1.0).epsilon(LatencyStats::kResolution));
  }
  SECTION("percentiles of an exponential sample match the inverse CDF") {
    std::mt19937_64 rng(7);
    std::exponential_distribution<double> d(1.0 / 0.02);
    LatencyStats s;
    for (int i = 0; i < 200000; ++i) s.add(d(rng));
    CHECK(s.percentile(50) == Approx(0.02 * std::log(2.0)).epsilon(0.02));
    CHECK(s.percentile(99) == Approx(0.02 * std::log(100.0)).epsilon(0.02));
  }
  SECTION("threshold counts are exact, inclusive") {
    LatencyStats s({0.005, 0.010});
    for (double v : {0.001, 0.005, 0.0050001, 0.010, 0.2}) s.add(v);
    CHECK(s.at_or_under(0) == 2);
    CHECK(s.at_or_under(1) == 4);
    CHECK(s.fraction_at_or_under(1) == 0.8);
  }
  SECTION("tiny and zero latencies share the first bucket") {
    LatencyStats s;
    s.add(0);
    s.add(1e-9);
    CHECK(s.percentile(50) == 0);
    CHECK(s.max() == 1e-9);
  }
}

TEST_CASE("ServiceFigures: behaviour", "[output]") {
  ServiceRecord r;
  r.status = ServiceStatus::done;
  r.start = 10;
  r.end = 110;
  r.batches = 50;
  r.slo_p99 = 0.05;
  r.slo_p50 = 0.02;
  r.latency = LatencyStats({0.02, 0.05});  // p50 then p99, the record's order
  for (int i = 0; i < 100; ++i) {
    r.latency.add(i < 99 ? 0.01 : 0.06);  // 99 % at 10 ms, one at 60 ms
    r.wait_sum += 0.001;
  }
  SECTION("throughput, batch size and wait") {
    ServiceFigures f = service_figures(r, 500);
    CHECK(f.served == 100);
    CHECK(f.throughput == Approx(1.0));
    CHECK(f.batch_mean == 2.0);
    CHECK(f.wait_mean == Approx(0.001));
  }
  SECTION("an SLO met exactly at the percentile") {
    ServiceFigures f = service_figures(r, 500);
    REQUIRE(f.slos.size() == 2);
    CHECK(f.slos[0].percentile == 50);
    CHECK(f.slos[1].percentile == 99);
    CHECK(f.slos[1].under == 0.99);
    CHECK(f.slos[1].met);
    REQUIRE(f.slo_met);
    CHECK(*f.slo_met);
  }
  SECTION("one more slow request misses the p99 target") {
    r.latency.add(0.07);
    ServiceFigures f = service_figures(r, 500);
    CHECK_FALSE(f.slos[1].met);
    CHECK_FALSE(*f.slo_met);
  }
  SECTION("an unfinished service has not met its SLO; one without targets has no verdict") {
    r.status = ServiceStatus::unfinished;
    r.end = -1;
    ServiceFigures f = service_figures(r, 210);
    CHECK(f.throughput == Approx(0.5));
    CHECK_FALSE(*f.slo_met);
    ServiceRecord none;
    CHECK_FALSE(service_figures(none, 1).slo_met.has_value());
  }
  SECTION("requests.csv has one row per service") {
    RunResult run;
    run.end_time = 500;
    r.job = 3;
    r.stage = "serve";
    run.services.push_back(r);
    const std::string csv = requests_csv(run);
    CHECK(csv.find("\n3,,serve,done,") != std::string::npos);
    CHECK(csv.find(",yes,") != std::string::npos);
  }
}
