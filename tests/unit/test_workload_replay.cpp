// Replayed jobs spanning servers (docs/traces.md, "Multi-server jobs"): the calibration of
// their iterations on the reference ring, checked against the train model's iteration
// time by hand.
#include <catch2/catch.hpp>

#include "vgpusim/workload/replay.hpp"
#include "vgpusim/workload/train.hpp"

using namespace vgpusim;

namespace {
// The train model's idle iteration without latency (docs/training.md).
double iteration_time(double c, double a, double phi) {
  return c / 3 + std::max(2 * c / 3, phi * a) + (1 - phi) * a;
}
}  // namespace

TEST_CASE("Replay: iterations calibrated on the reference ring", "[workload]") {
  SECTION("the backward pass hides the overlapped part: c = T - (1 - phi) a") {
    const double c = replay_iteration_compute(0.5, 0.21, 0.9);
    CHECK(c == Approx(0.5 - 0.1 * 0.21));
    CHECK(iteration_time(c, 0.21, 0.9) == Approx(0.5));
  }
  SECTION("the all-reduce paces the backward pass: c = 3 (T - a)") {
    const double c = replay_iteration_compute(0.5, 0.4, 0.9);
    CHECK(c == Approx(3 * (0.5 - 0.4)));
    CHECK(2 * c / 3 < 0.9 * 0.4);
    CHECK(iteration_time(c, 0.4, 0.9) == Approx(0.5));
  }
  SECTION("at the knee both forms agree") {
    const double a = 0.2, phi = 0.5, knee = 1.5 * phi * a;
    CHECK(replay_iteration_compute(knee + (1 - phi) * a, a, phi) == Approx(knee));
  }
  SECTION("no overlap: the whole all-reduce follows the backward pass") {
    CHECK(replay_iteration_compute(1.0, 0.25, 0) == Approx(0.75));
  }
  SECTION("an all-reduce as long as the iteration leaves no compute") {
    CHECK(replay_iteration_compute(0.2, 0.2, 0.5) == 0);
    CHECK(replay_iteration_compute(0.1, 0.2, 0.5) == 0);
  }
  SECTION("no traffic: the compute is the iteration") {
    CHECK(replay_iteration_compute(0.3, 0, 0.7) == Approx(0.3));
  }
}

TEST_CASE("Replay: gradient traffic of a job spanning servers", "[workload]") {
  const Catalog& cat = Catalog::builtin();
  const GpuModel* a100 = cat.find_gpu("A100-PCIe-80GB");
  const GpuModel* h100 = cat.find_gpu("H100-SXM5-80GB");
  REQUIRE(a100);
  REQUIRE(h100);
  StageResources res;
  res.gpu = a100;
  res.gpus = 16;
  res.servers = 2;
  res.ring_bandwidth = 12.5e9;
  res.catalog = &cat;
  ReplayConfig c;
  c.work_s = 100;
  c.gradient_bytes = 1.4e9;
  c.iteration_s = 0.5;
  c.overlap = bucket_overlap(c.gradient_bytes, kTrainDefaultBucketBytes);
  const double a = 2.0 * 15 / 16 * 1.4e9 / 12.5e9;  // 0.21 s
  SECTION("ceil(duration / iteration) iterations that last the recorded duration") {
    const StagePlan p = ReplayCostModel(c).plan(res);
    CHECK(p.iterations == 200);
    CHECK(p.gradient_bytes == 1.4e9);
    CHECK(p.overlap == Approx(1 - 25.0 * 1048576 / 1.4e9));
    CHECK(p.iterations * iteration_time(p.compute_gpu_seconds / p.iterations, a, p.overlap) ==
          Approx(100));
  }
  SECTION("a duration that is not a whole number of iterations is split evenly") {
    c.work_s = 100.2;  // 201 iterations of 0.4985 s
    const StagePlan p = ReplayCostModel(c).plan(res);
    CHECK(p.iterations == 201);
    CHECK(p.iterations * iteration_time(p.compute_gpu_seconds / p.iterations, a, p.overlap) ==
          Approx(100.2));
  }
  SECTION("the default round holds six hours of iterations") {
    CHECK(ReplayConfig{}.iteration_s == Approx(112.0 / 367));
    StageParams params;
    params.numbers = {{kReplayWorkKey, 100}, {"gradient_bytes", 1e8}, {"iteration", 0.5}};
    CHECK(ReplayConfig::from_params(params).iterations_per_round == 43200);
    params.numbers["iterations_per_round"] = 3;
    CHECK(ReplayConfig::from_params(params).iterations_per_round == 3);
  }
  SECTION("a half share: the recorded duration is at that share, the work half of it") {
    res.gpu_share = 0.5;
    c.work_s = 50;  // 100 s at half a GPU
    const StagePlan p = ReplayCostModel(c).plan(res);
    CHECK(p.iterations == 200);
    const double wall = p.compute_gpu_seconds / 0.5 / p.iterations;
    CHECK(p.iterations * iteration_time(wall, a, p.overlap) == Approx(100));
  }
  SECTION("a faster board shortens the compute, not the all-reduce") {
    c.reference_gpu = a100->name;
    res.gpu = h100;
    const double ratio = a100->peak(Precision::fp32) / h100->peak(Precision::fp32);
    const StagePlan p = ReplayCostModel(c).plan(res);
    CHECK(p.compute_gpu_seconds == Approx(200 * replay_iteration_compute(0.5, a, p.overlap) * ratio));
  }
  SECTION("one server, no gradient bytes or no reference ring: no traffic, the recorded work") {
    for (auto change : {+[](StageResources& r, ReplayConfig&) { r.servers = 1; },
                        +[](StageResources&, ReplayConfig& k) { k.gradient_bytes = 0; },
                        +[](StageResources& r, ReplayConfig&) { r.ring_bandwidth = 0; }}) {
      StageResources r = res;
      ReplayConfig k = c;
      change(r, k);
      const StagePlan p = ReplayCostModel(k).plan(r);
      CHECK(p.iterations == 0);
      CHECK(p.compute_gpu_seconds == 100);
    }
  }
  SECTION("an all-reduce longer than the iteration: no traffic, the recorded work") {
    res.ring_bandwidth = 1e9;  // a = 2.625 s > 0.5 s
    const StagePlan p = ReplayCostModel(c).plan(res);
    CHECK(p.iterations == 0);
    CHECK(p.compute_gpu_seconds == 100);
  }
}

TEST_CASE("Train: ring hop bytes", "[workload]") {
  SECTION("2 (n-1)/n of the gradients per hop") {
    CHECK(ring_hop_bytes(16, 1.6e9) == Approx(3e9));
    CHECK(ring_hop_bytes(2, 1e9) == Approx(1e9));
  }
  SECTION("one GPU has no ring") { CHECK(ring_hop_bytes(1, 1e9) == 0); }
}
