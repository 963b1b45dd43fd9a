// ServeModel: batch service time, the optimize speed-up reaching it, samplers, validation.
#include <catch2/catch.hpp>
#include <random>

#include "vgpusim/workload/optimize.hpp"
#include "vgpusim/workload/serve_model.hpp"

#include "test_stage_params.hpp"

using namespace vgpusim;
using vgpusim::test::has_issue;

namespace {
StageParams serve_params() {
  StageParams p;
  p.numbers = {{"requests.rate", 200},    {"requests.duration", 7200},   {"service_time", 0.020},
               {"batching.max_batch", 8}, {"batching.max_delay", 0.005}, {"slo.p99", 0.1}};
  return p;
}
}  // namespace

TEST_CASE("Workload: behaviour - serve", "[workload]") {
  const Catalog& cat = Catalog::builtin();
  const GpuModel* a100 = cat.find_gpu("A100-PCIe-80GB");
  const GpuModel* h100 = cat.find_gpu("H100-SXM5-80GB");
  REQUIRE(a100);
  REQUIRE(h100);

  SECTION("parsing with defaults") {
    ServeModel m = ServeModel::from_params(serve_params());
    CHECK(m.rate == 200);
    CHECK(m.max_batch == 8);
    CHECK(m.max_delay_s == 0.005);
    CHECK(m.batch_scaling == kServeDefaultBatchScaling);
    CHECK(m.service == ServiceDistribution::deterministic);
    CHECK(m.dispatch == Dispatch::shared_queue);
    CHECK(m.reference_gpu == "A100-PCIe-80GB");
    REQUIRE(m.slo_p99_s);
    CHECK(*m.slo_p99_s == 0.1);
    CHECK_FALSE(m.slo_p50_s);
  }
  SECTION("batch of 8 on the reference board: 20 ms x (1 + 0.12 x 7)") {
    ServeModel m = ServeModel::from_params(serve_params());
    CHECK(m.batch_service_time(1, *a100, 1.0, 1.0) == Approx(0.020));
    CHECK(m.batch_service_time(8, *a100, 1.0, 1.0) == Approx(0.0368));
  }
  SECTION("half a GPU doubles it; a faster board shortens it by the fp16 peak ratio") {
    ServeModel m = ServeModel::from_params(serve_params());
    CHECK(m.batch_service_time(8, *a100, 0.5, 1.0) == Approx(0.0736));
    const double ratio = a100->peak(Precision::fp16) / h100->peak(Precision::fp16);
    CHECK(m.batch_service_time(1, *h100, 1.0, 1.0) == Approx(0.020 * ratio));
  }
  SECTION("the optimize speed-up reaches the service time") {
    StageParams opt;
    opt.numbers = {{"speedup", 2.5}};
    auto plan = stage_kind_registry().get("optimize").factory.make(opt)->plan({a100, 1, 0});
    ServeModel m = ServeModel::from_params(serve_params());
    // 36.8 ms / (0.5 x 2.5) = 29.44 ms
    CHECK(m.batch_service_time(8, *a100, 0.5, plan.speedup_out) == Approx(0.02944));
  }
  SECTION("exponential sampler: inverse CDF and mean") {
    CHECK(sample_exponential(2.0, 0.0) == 0.0);
    CHECK(sample_exponential(2.0, 1.0 - std::exp(-1.0)) == Approx(2.0));
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double sum = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) sum += sample_exponential(0.020, u(rng));
    CHECK(sum / n == Approx(0.020).epsilon(0.01));
  }
  SECTION("service: exponential samples around the batch mean; deterministic is the mean") {
    StageParams p = serve_params();
    p.texts["service"] = "exponential";
    ServeModel m = ServeModel::from_params(p);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    double sum = 0;
    const int n = 100000;
    for (int i = 0; i < n; ++i) sum += m.sample_batch_service_time(8, *a100, 1.0, 1.0, u(rng));
    CHECK(sum / n == Approx(0.0368).epsilon(0.015));
    ServeModel d = ServeModel::from_params(serve_params());
    CHECK(d.sample_batch_service_time(8, *a100, 1.0, 1.0, 0.9) == Approx(0.0368));
    CHECK(d.sample_interarrival(1.0 - std::exp(-1.0)) == Approx(1.0 / 200));
  }
  SECTION("validation errors") {
    StageParams none;
    auto issues = validate_serve_params(none, cat);
    CHECK(has_issue(issues, "requests"));
    CHECK(has_issue(issues, "service_time"));

    StageParams p = serve_params();
    p.numbers.erase("requests.duration");
    p.numbers["batching.max_batch"] = 0;
    p.texts["reference_gpu"] = "nope";
    issues = validate_serve_params(p, cat);
    CHECK(has_issue(issues, "requests.duration"));
    CHECK(has_issue(issues, "batching.max_batch"));
    CHECK(has_issue(issues, "reference_gpu"));
    CHECK_THROWS_AS(ServeModel::from_params(p), std::invalid_argument);

    StageParams trace = serve_params();
    trace.texts["requests.trace"] = "requests.csv";
    CHECK(has_issue(validate_serve_params(trace, cat), "requests.trace"));
    CHECK(validate_serve_params(serve_params(), cat).empty());
  }
  SECTION("the registry's serve makes no plan") {
    const auto& info = stage_kind_registry().get("serve").factory;
    auto plan = info.make(serve_params())->plan({a100, 1, 0});
    CHECK(plan.compute_gpu_seconds == 0);
  }
}
