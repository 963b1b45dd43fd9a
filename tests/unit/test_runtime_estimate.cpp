// Run-time estimates for sjf and EASY backfilling (runtime_estimate.hpp).
#include <catch2/catch.hpp>

#include "vgpusim/workload/runtime_estimate.hpp"

using namespace vgpusim;

TEST_CASE("Estimate: stage run time from its plan", "[workload]") {
  SECTION("transfers, compute at the guaranteed share, checkpoints and CPU work add up") {
    StagePlan p;
    p.compute_gpu_seconds = 100;
    p.read_bytes = 10e9;
    p.write_bytes = 5e9;
    p.checkpoint_every_s = 30;
    p.checkpoint_bytes = 1e9;  // 3 checkpoints in 100 s of progress
    p.compute_cpu_seconds = 7;
    EstimateInputs in;
    in.gpu_share = 0.25;
    in.io_bandwidth = 10e9;
    in.image_bytes = 5e9;
    CHECK(estimate_runtime_s(p, in) == Approx(2.3 + 400 + 7));
  }
  SECTION("no bandwidth given: transfers are free") {
    StagePlan p;
    p.compute_gpu_seconds = 10;
    p.read_bytes = 1e12;
    CHECK(estimate_runtime_s(p, EstimateInputs{}) == Approx(10));
  }
}

TEST_CASE("Estimate: guaranteed share of a GPU per demand", "[workload]") {
  const Catalog& cat = Catalog::builtin();
  GpuDemand d;
  SECTION("whole GPUs and CPU-only work get all of it") {
    CHECK(guaranteed_gpu_share(d, cat) == 1);
    d.kind = GpuDemand::Kind::whole;
    d.count = 2;
    CHECK(guaranteed_gpu_share(d, cat) == 1);
  }
  SECTION("milli-GPU: its fraction") {
    d.kind = GpuDemand::Kind::milli;
    d.milli = 300;
    CHECK(guaranteed_gpu_share(d, cat) == Approx(0.3));
  }
  SECTION("time-sliced vGPU: its fixed share, 1 / max per GPU") {
    d.kind = GpuDemand::Kind::vgpu;
    d.vgpu_type = "A100D-20C";
    CHECK(guaranteed_gpu_share(d, cat) == Approx(0.25));
  }
  SECTION("MIG-backed vGPU: the profile's SMs") {
    d.kind = GpuDemand::Kind::vgpu;
    d.vgpu_type = "A100D-3-40C";
    CHECK(guaranteed_gpu_share(d, cat) == Approx(42.0 / 108));
  }
  SECTION("unknown type: no discount") {
    d.kind = GpuDemand::Kind::vgpu;
    d.vgpu_type = "nope";
    CHECK(guaranteed_gpu_share(d, cat) == 1);
  }
}
