// Train cost model and the stage-kind registry: formulas checked against hand-computed values.
#include <catch2/catch.hpp>
#include <cmath>

#include "vgpusim/workload/stage_kind.hpp"
#include "vgpusim/workload/train.hpp"

#include "test_stage_params.hpp"

using namespace vgpusim;
using vgpusim::test::has_issue;

namespace {
StageParams train_params() {
  StageParams p;
  p.numbers = {{"params", 7e9}, {"tokens", 2e9}, {"mfu", 0.4}};
  p.texts = {{"precision", "bf16"}};
  return p;
}
}  // namespace

TEST_CASE("Workload: behaviour - train", "[workload]") {
  const GpuModel* a100 = Catalog::builtin().find_gpu("A100-PCIe-80GB");
  REQUIRE(a100);
  const double peak = a100->peak(Precision::bf16);
  REQUIRE(peak > 0);

  SECTION("7e9 params x 2e9 tokens in bf16 on one A100 at mfu 0.4") {
    auto model = stage_kind_registry().get("train").factory.make(train_params());
    StagePlan plan = model->plan({a100, 1, 8});
    // 6 x 7e9 x 2e9 = 8.4e19 FLOPs.
    CHECK(plan.compute_gpu_seconds == Approx(8.4e19 / (peak * 0.4)));
    CHECK(plan.read_bytes == 0);
    CHECK(plan.checkpoint_every_s == 0);
  }
  SECTION("four GPUs divide the work and pay 0.95 per doubling") {
    TrainCostModel model(TrainConfig::from_params(train_params()));
    StagePlan plan = model.plan({a100, 4, 8});
    CHECK(multi_gpu_efficiency(4, 0.95) == Approx(0.9025));
    CHECK(plan.compute_gpu_seconds == Approx(8.4e19 / (4 * peak * 0.4 * 0.9025)));
  }
  SECTION("efficiency of a non-power-of-two count follows e^log2(n)") {
    CHECK(multi_gpu_efficiency(1, 0.9) == 1.0);
    CHECK(multi_gpu_efficiency(8, 0.9) == Approx(0.729));
    CHECK(multi_gpu_efficiency(3, 0.9) == Approx(std::pow(0.9, std::log2(3.0))));
  }
  SECTION("explicit flops and defaults (bf16, mfu 0.4, 0.95 per doubling)") {
    StageParams p;
    p.numbers = {{"flops", 1e18}};
    TrainConfig c = TrainConfig::from_params(p);
    CHECK(c.precision == Precision::bf16);
    CHECK(c.mfu == kTrainDefaultMfu);
    CHECK(TrainCostModel(c).plan({a100, 2, 0}).compute_gpu_seconds ==
          Approx(1e18 / (2 * peak * 0.4 * 0.95)));
  }
  SECTION("precision picks the board's peak for that precision") {
    StageParams p = train_params();
    p.texts["precision"] = "fp32";
    auto plan = TrainCostModel(TrainConfig::from_params(p)).plan({a100, 1, 0});
    CHECK(plan.compute_gpu_seconds == Approx(8.4e19 / (a100->peak(Precision::fp32) * 0.4)));
  }
  SECTION("checkpoints pass through") {
    StageParams p = train_params();
    p.numbers["checkpoint.every"] = 1800;
    p.numbers["checkpoint.size"] = 28e9;
    auto plan = TrainCostModel(TrainConfig::from_params(p)).plan({a100, 4, 0});
    CHECK(plan.checkpoint_every_s == 1800);
    CHECK(plan.checkpoint_bytes == 28e9);
  }
  SECTION("validation: the work must be given exactly one way") {
    StageParams both = train_params();
    both.numbers["flops"] = 1e18;
    CHECK(has_issue(validate_train_params(both), "flops"));
    CHECK_THROWS_AS(TrainConfig::from_params(both), std::invalid_argument);

    StageParams none;
    auto issues = validate_train_params(none);
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].message.find("params") != std::string::npos);

    StageParams half;
    half.numbers = {{"params", 7e9}};
    CHECK(has_issue(validate_train_params(half), "tokens"));
    CHECK(validate_train_params(train_params()).empty());
  }
  SECTION("validation: ranges and checkpoint pairs") {
    StageParams p = train_params();
    p.numbers["mfu"] = 1.5;
    p.numbers["scaling_efficiency"] = 0;
    p.numbers["checkpoint.every"] = 600;
    auto issues = validate_train_params(p);
    CHECK(has_issue(issues, "mfu"));
    CHECK(has_issue(issues, "scaling_efficiency"));
    CHECK(has_issue(issues, "checkpoint.size"));
    // The registry's hook reports the same.
    CHECK(stage_kind_registry().get("train").factory.validate(p, Catalog::builtin()).size() ==
          issues.size());
  }
  SECTION("registry: the four built-in kinds, serve flagged as a service") {
    const auto& r = stage_kind_registry();
    for (const char* k : {"train", "prep", "optimize", "serve"}) CHECK(r.contains(k));
    CHECK(r.get("serve").factory.is_service);
    CHECK_FALSE(r.get("train").factory.is_service);
    CHECK_FALSE(r.get("prep").factory.needs_gpu);
    CHECK_THROWS_WITH(r.get("finetune"), Catch::Contains("known: optimize, prep, replay, serve, train"));
  }
  SECTION("registry: schemas leave the keys common to every stage to the loader") {
    for (const auto& [name, e] : stage_kind_registry().entries())
      for (const auto& s : e.factory.params)
        for (const char* common : {"name", "kind", "after", "vgpu", "count", "gpus", "gpu_milli",
                                   "vcpus", "memory", "image.name", "image.size", "replicas"})
          CHECK(s.key != common);
  }
}
