// Compute shares per scheduler (gpu_share.hpp) and fragmentation measures (fragmentation.hpp).
#include <catch2/catch.hpp>

#include "vgpusim/cluster/cluster_state.hpp"
#include "vgpusim/cluster/fragmentation.hpp"

using namespace vgpusim;

namespace {

Request req(int64_t id, GpuDemand::Kind kind, const char* type, int milli = 0, int count = 1) {
  Request r;
  r.id = id;
  r.gpu.kind = kind;
  r.gpu.vgpu_type = type;
  r.gpu.milli = milli;
  r.gpu.count = count;
  return r;
}
Request vgpu(int64_t id, const char* type) {
  return req(id, GpuDemand::Kind::vgpu, type);
}
Request milli(int64_t id, int m, int count = 1) {
  return req(id, GpuDemand::Kind::milli, "", m, count);
}

ClusterState cluster(PoolSlicing s, const char* board, int gpus = 1) {
  ClusterState c;
  c.add_pool("p", s, Catalog::builtin().find_gpu(board), 1, gpus, 64000, 512 * 1024);
  return c;
}

PoolSlicing vgpu_pool(VgpuScheduler sched, double overhead = 0) {
  PoolSlicing s;
  s.mode = SliceMode::vgpu;
  s.scheduler = sched;
  s.switch_overhead = overhead;
  return s;
}

void fill(ClusterState& c, std::initializer_list<Request> rs) {
  for (const Request& r : rs) {
    auto p = c.best_fit_on(r, 0);
    REQUIRE(p);
    c.allocate(r, *p);
  }
}

}  // namespace

TEST_CASE("Cluster: shares per scheduler", "[cluster]") {
  SECTION("best effort: busy vGPUs split the GPU, idle ones give up their turn") {
    ClusterState c = cluster(vgpu_pool(VgpuScheduler::best_effort), "A100D");
    fill(c, {vgpu(1, "A100D-20C"), vgpu(2, "A100D-20C"), vgpu(3, "A100D-20C")});
    c.set_busy(1, true);
    c.set_busy(3, true);
    GpuShares s = c.shares_of(0);
    REQUIRE(s.slices.size() == 3);
    CHECK(s.busy == 2);
    CHECK(s.capacity == 1.0);
    CHECK(s.slices[0].rate == Approx(0.5));
    CHECK(s.slices[1].rate == 0.0);
    CHECK(s.slices[2].rate == Approx(0.5));
    CHECK(s.slices[0].cap == 1.0);
    CHECK(s.slices[0].weight == 1.0);
    c.set_busy(3, false);
    CHECK(c.shares_of(0).slices[0].rate == Approx(1.0));
  }

  SECTION("context-switch overhead lowers capacity, never below one half") {
    CHECK(effective_capacity(0.1, 1) == 1.0);
    CHECK(effective_capacity(0.1, 3) == Approx(0.8));
    CHECK(effective_capacity(0.3, 4) == 0.5);
    ClusterState c = cluster(vgpu_pool(VgpuScheduler::best_effort, 0.1), "A100D");
    fill(c, {vgpu(1, "A100D-20C"), vgpu(2, "A100D-20C"), vgpu(3, "A100D-20C")});
    for (int i = 1; i <= 3; ++i) c.set_busy(i, true);
    GpuShares s = c.shares_of(0);
    CHECK(s.capacity == Approx(0.8));
    CHECK(s.slices[1].rate == Approx(0.8 / 3));
  }

  SECTION("equal share: 1/N of resident vGPUs, busy or not") {
    ClusterState c = cluster(vgpu_pool(VgpuScheduler::equal_share), "A100D");
    fill(c,
         {vgpu(1, "A100D-20C"), vgpu(2, "A100D-20C"), vgpu(3, "A100D-20C"), vgpu(4, "A100D-20C")});
    c.set_busy(2, true);
    GpuShares s = c.shares_of(0);
    CHECK(s.slices[1].cap == Approx(0.25));
    CHECK(s.slices[1].rate == Approx(0.25));
    c.release(4);
    CHECK(c.shares_of(0).slices[1].rate == Approx(1.0 / 3));
  }

  SECTION("fixed share: 1/max_equal of its type whoever else is there") {
    ClusterState c = cluster(vgpu_pool(VgpuScheduler::fixed_share), "A100D");
    fill(c, {vgpu(1, "A100D-20C"), vgpu(2, "A100D-20C")});
    c.set_busy(1, true);
    c.set_busy(2, true);
    GpuShares s = c.shares_of(0);
    CHECK(s.slices[0].cap == Approx(0.25));  // A100D-20C: 4 per GPU
    CHECK(s.slices[0].rate == Approx(0.25));
    CHECK(s.slices[1].rate == Approx(0.25));
  }

  SECTION("MIG: isolated, compute_slices/7 of the usable SMs") {
    PoolSlicing m;
    m.mode = SliceMode::mig;
    ClusterState c = cluster(m, "A100D");
    fill(c, {vgpu(1, "A100D-3-40C"), vgpu(2, "A100D-2-20C")});
    c.set_busy(1, true);
    GpuShares s = c.shares_of(0);
    CHECK(s.slices[0].isolated);
    CHECK(s.slices[0].cap == Approx(3.0 / 7 * 0.9074).epsilon(1e-3));  // 42 of 108 SMs
    CHECK(s.slices[0].rate == s.slices[0].cap);
    CHECK(s.slices[1].rate == 0.0);
    c.set_busy(2, true);
    CHECK(c.shares_of(0).slices[0].rate == s.slices[0].cap);  // neighbours never slow it
  }

  SECTION("small-kernel slices pay small_kernel_overhead; a mix pays the mean of its busy slices") {
    ClusterState c = cluster(vgpu_pool(VgpuScheduler::best_effort), "A100D");
    Request small = vgpu(2, "A100D-20C");
    small.small_kernels = true;
    Request small2 = vgpu(3, "A100D-20C");
    small2.small_kernels = true;
    fill(c, {vgpu(1, "A100D-20C"), small, small2});
    c.set_busy(1, true);
    c.set_busy(2, true);
    // compute-bound (0) and small-kernel (0.31 by default) busy: 1 - 0.155 x (2 - 1)
    CHECK(c.shares_of(0).capacity == Approx(0.845));
    c.set_busy(1, false);
    c.set_busy(3, true);
    // two small-kernel contexts: NVIDIA's time-sliced / MIG figure, 1 - 0.31
    GpuShares s = c.shares_of(0);
    CHECK(s.capacity == Approx(0.69));
    CHECK(s.slices[1].rate == Approx(0.345));
    CHECK_FALSE(s.free_sharing());
    c.set_busy(3, false);
    CHECK(c.shares_of(0).capacity == 1.0);  // alone: no switching, whatever its class
  }

  SECTION("shared: each sharer capped at milli/1000; overhead scales them") {
    PoolSlicing sh;
    sh.mode = SliceMode::shared;
    ClusterState c = cluster(sh, "T4");
    fill(c, {milli(1, 600), milli(2, 300)});
    c.set_busy(1, true);
    c.set_busy(2, true);
    GpuShares s = c.shares_of(0);
    CHECK(s.slices[0].rate == Approx(0.6));
    CHECK(s.slices[1].rate == Approx(0.3));
    sh.switch_overhead = 0.1;
    ClusterState d = cluster(sh, "T4");
    fill(d, {milli(1, 600), milli(2, 300)});
    d.set_busy(1, true);
    d.set_busy(2, true);
    CHECK(d.shares_of(0).slices[0].rate == Approx(0.54));
  }

  SECTION("passthrough: the whole board") {
    ClusterState c = cluster(PoolSlicing{}, "L4");
    fill(c, {req(1, GpuDemand::Kind::whole, "")});
    c.set_busy(1, true);
    CHECK(c.shares_of(0).slices[0].rate == 1.0);
  }

  SECTION("water filling gives what a capped slice leaves to the others") {
    GpuShares s;
    s.slices.resize(3);
    for (auto& x : s.slices) x.busy = true;
    s.slices[0].cap = 0.2;
    water_fill(1.0, s);
    CHECK(s.slices[0].rate == Approx(0.2));
    CHECK(s.slices[1].rate == Approx(0.4));
    CHECK(s.slices[2].rate == Approx(0.4));
  }
}

TEST_CASE("Cluster: fragmentation measures", "[cluster]") {
  DemandType share{2000, 300, 1, {}, 0.5};
  DemandType two_whole{2000, 1000, 2, {}, 0.5};
  const int free_gpus[] = {1000, 500, 200, 0};
  const GpuModel* t4 = Catalog::builtin().find_gpu("T4");
  ServerFree s{10000, t4, free_gpus};

  SECTION("FGD F_m per the paper's definition") {
    CHECK(fragment_of(s, share) == 200);       // GPUs with < 300 free
    CHECK(fragment_of(s, two_whole) == 1700);  // only one fully free GPU: all of G
    CHECK(fragment_of(s, DemandType{1000, 0, 0, {}, 1}) == 1700);  // CPU-only
    CHECK(fragment_of(s, DemandType{2000, 300, 1, {"V100M16"}, 1}) == 1700);
    CHECK(fragment_of(s, DemandType{2000, 300, 1, {"T4"}, 1}) == 200);
    CHECK(fragment_of(s, DemandType{20000, 300, 1, {}, 1}) == 1700);  // not enough CPU
    const DemandType types[] = {share, two_whole};
    CHECK(fragment(s, types) == Approx(950));
  }

  SECTION("on the live state, unhealthy and drained capacity counts as 0") {
    PoolSlicing sh;
    sh.mode = SliceMode::shared;
    ClusterState c;
    c.add_pool("t4", sh, t4, 1, 4, 10000, 1 << 20);
    for (auto [id, gpu, m] : {std::tuple{1, 1, 500}, {2, 2, 800}, {3, 3, 1000}}) {
      Request r = milli(id, m);
      c.allocate(r, Placement{0, {{gpu, 0}}});
    }
    CHECK(fragment_of(c.server(0), c.gpus(), share) == 200);
    const DemandType types[] = {share, two_whole};
    CHECK(cluster_fragment(c, types) == Approx(950));
    c.set_gpu_healthy(1, false);
    CHECK(fragment_of(c.server(0), c.gpus(), share) == 200);
    CHECK(fragment_of(c.server(0), c.gpus(), two_whole) == 1200);
    c.set_accepting(0, false);
    CHECK(fragment_of(c.server(0), c.gpus(), share) == 0);
  }

  SECTION("unallocatable free milli follows each pool's slicing rules") {
    ClusterState c = cluster(vgpu_pool(VgpuScheduler::best_effort), "A100D", 3);
    c.allocate(vgpu(1, "A100D-20C"), Placement{0, {{0, 0}}});  // 750 free, 20C-only
    c.allocate(vgpu(2, "A100D-40C"), Placement{0, {{1, 0}}});  // 500 free, 40C-only
    const Request forty[] = {vgpu(9, "A100D-40C")};
    CHECK(unallocatable_free_milli(c, forty) == 750);
    CHECK(unusable_free_milli(c, 0, forty[0]) == 750);
    CHECK(unusable_free_milli(c, 1, forty[0]) == 0);
    const Request both[] = {vgpu(9, "A100D-40C"), vgpu(10, "A100D-20C")};
    CHECK(unallocatable_free_milli(c, both) == 0);
    c.set_accepting(0, false);
    CHECK(unallocatable_free_milli(c, both) == 750 + 500 + 1000);
  }
}
