// Prep and optimize cost models: formulas checked against hand-computed values.
#include <catch2/catch.hpp>

#include "vgpusim/workload/optimize.hpp"
#include "vgpusim/workload/prep.hpp"

#include "test_stage_params.hpp"

using namespace vgpusim;
using vgpusim::test::has_issue;

TEST_CASE("Workload: behaviour - prep", "[workload]") {
  const GpuModel* a100 = Catalog::builtin().find_gpu("A100-PCIe-80GB");
  REQUIRE(a100);
  REQUIRE(a100->memory_bandwidth > 0);
  const auto& info = stage_kind_registry().get("prep").factory;

  SECTION("rapids: 200 GB on two A100-80GB at the bandwidth-scaled reference throughput") {
    StageParams p;
    p.numbers = {{"data", 200e9}};
    auto plan = info.make(p)->plan({a100, 2, 16});
    const double per_gpu = 90e6 * a100->memory_bandwidth / 1555e9;
    CHECK(default_rapids_throughput(*a100) == Approx(per_gpu));
    CHECK(plan.read_bytes == 200e9);
    CHECK(plan.write_bytes == 100e9);  // default output: half the data
    CHECK(plan.compute_gpu_seconds == Approx(200e9 / (2 * per_gpu)));
    CHECK(plan.compute_cpu_seconds == 0);
  }
  SECTION("rapids: an explicit per-GPU throughput and output") {
    StageParams p;
    p.numbers = {{"data", 1e12}, {"output", 3e11}, {"throughput_per_gpu", 2e9}};
    auto plan = info.make(p)->plan({a100, 4, 0});
    CHECK(plan.compute_gpu_seconds == Approx(1e12 / (4 * 2e9)));
    CHECK(plan.write_bytes == 3e11);
  }
  SECTION("cpu: 200 GB on 16 vCPUs at 5 MB/s each, no GPU needed") {
    StageParams p;
    p.numbers = {{"data", 200e9}};
    p.texts = {{"engine", "cpu"}};
    CHECK_FALSE(info.gpu_required(p));
    auto plan = info.make(p)->plan({nullptr, 0, 16});
    CHECK(plan.compute_cpu_seconds == Approx(2500.0));
    CHECK(plan.compute_gpu_seconds == 0);
  }
  SECTION("validation") {
    StageParams p;
    CHECK(has_issue(validate_prep_params(p), "data"));
    p.numbers = {{"data", 1e9}, {"throughput_per_gpu", 0}};
    p.texts = {{"engine", "cpu"}};
    CHECK(has_issue(validate_prep_params(p), "throughput_per_gpu"));
    StageParams rapids;
    rapids.numbers = {{"data", 1e9}};
    CHECK(info.gpu_required(rapids));
    CHECK(validate_prep_params(rapids).empty());
  }
}

TEST_CASE("Workload: behaviour - optimize", "[workload]") {
  const Catalog& cat = Catalog::builtin();
  const GpuModel* a100 = cat.find_gpu("A100-PCIe-80GB");
  const GpuModel* h100 = cat.find_gpu("H100-SXM5-80GB");
  REQUIRE(a100);
  REQUIRE(h100);
  const auto& info = stage_kind_registry().get("optimize").factory;

  SECTION("15 min on the reference board takes 15 min there") {
    StageParams p;
    p.numbers = {{"build_time", 900}, {"speedup", 2.5}};
    auto plan = info.make(p)->plan({a100, 1, 0});
    CHECK(plan.compute_gpu_seconds == Approx(900));
    CHECK(plan.speedup_out == 2.5);
    CHECK_FALSE(plan.precision_out);
  }
  SECTION("a faster board and a twice larger model") {
    StageParams p;
    p.numbers = {{"build_time", 900}, {"params", 14e9}};
    p.texts = {{"precision", "fp8"}};
    auto plan = info.make(p)->plan({h100, 1, 0});
    const double ratio = a100->peak(Precision::fp8) / h100->peak(Precision::fp8);
    CHECK(plan.compute_gpu_seconds == Approx(900 * ratio * 2.0));
    REQUIRE(plan.precision_out);
    CHECK(*plan.precision_out == Precision::fp8);
    CHECK(plan.speedup_out == kOptimizeDefaultSpeedup);
  }
  SECTION("defaults: 15 min build, speed-up 2") {
    auto plan = info.make(StageParams{})->plan({a100, 1, 0});
    CHECK(plan.compute_gpu_seconds == Approx(900));
    CHECK(plan.speedup_out == 2.0);
  }
  SECTION("validation: unknown reference GPU and bad values") {
    StageParams p;
    p.numbers = {{"speedup", 0}};
    p.texts = {{"reference_gpu", "A100-5G"}};
    auto issues = info.validate(p, cat);
    CHECK(has_issue(issues, "speedup"));
    REQUIRE(has_issue(issues, "reference_gpu"));
    for (const auto& i : issues)
      if (i.key == "reference_gpu") CHECK(i.message.find("A100-PCIe-80GB") != std::string::npos);
  }
}
