// Mixed-size vGPU placement IDs and MIG start positions (SPEC 2.1, 2.2).
#include <catch2/catch.hpp>

#include "test_requests.hpp"
#include "vgpusim/cluster/cluster_state.hpp"

using namespace vgpusim;

namespace {

Request vgpu(int64_t id, const char* type) {
  return test::vgpu_unit(id, type);
}

ClusterState one_gpu(PoolSlicing s, const char* board = "A100D") {
  ClusterState c;
  const GpuModel* m = Catalog::builtin().find_gpu(board);
  REQUIRE(m);
  c.add_pool("p", s, m, 1, 1, 64000, 512 * 1024);
  return c;
}

PoolSlicing mixed() {
  PoolSlicing s;
  s.mode = SliceMode::vgpu;
  s.size_mode = SizeMode::mixed;
  return s;
}

PoolSlicing mig(std::vector<std::string> layout = {}) {
  PoolSlicing s;
  s.mode = SliceMode::mig;
  s.mig_dynamic = layout.empty();
  s.mig_layout = std::move(layout);
  return s;
}

void put(ClusterState& c, const Request& r, int offset) {
  std::string why;
  Placement p{0, {{0, offset}}};
  INFO(why);
  REQUIRE(c.check(r, p, &why));
  c.allocate(r, p);
}

using V = std::vector<int>;

}  // namespace

TEST_CASE("Cluster: mixed-size and MIG behaviour", "[cluster]") {
  std::string why;

  SECTION("mixed size: 16 GB vGPUs at placement IDs {0, 24, 40, 64} on A100D 80GB") {
    ClusterState c = one_gpu(mixed());
    CHECK(c.fitting_offsets(vgpu(1, "A100D-16C").gpu, 0) == V{0, 24, 40, 64});
    put(c, vgpu(1, "A100D-40C"), 40);  // [40, 80)
    CHECK(c.fitting_offsets(vgpu(2, "A100D-16C").gpu, 0) == V{0, 24});
    CHECK(c.fitting_offsets(vgpu(2, "A100D-20C").gpu, 0) == V{0, 20});
    put(c, vgpu(2, "A100D-16C"), 24);  // [24, 40)
    CHECK(c.fitting_offsets(vgpu(3, "A100D-20C").gpu, 0) == V{0});
    CHECK(c.fitting_offsets(vgpu(3, "A100D-8C").gpu, 0) == V{0, 12});
    put(c, vgpu(3, "A100D-20C"), 0);  // [0, 20): 8 GB at 12 or 20 would overlap
    CHECK(c.fitting_offsets(vgpu(4, "A100D-8C").gpu, 0, &why).empty());
    CHECK(why ==
          "GPU 0 has no free placement ID for A100D-8C: each of {0, 12, 20, 32, 40, 52, 60, 72} "
          "(size 8) overlaps a resident vGPU");
    CHECK(c.gpu(0).slices[0].offset == 40);
    CHECK(c.gpu(0).slices[0].size == 40);
    // A policy's offset that is not a free placement ID is refused with the free ones.
    c.release(3);
    CHECK_FALSE(c.check(vgpu(5, "A100D-8C"), Placement{0, {{0, 20}}}, &why));
    CHECK(why == "placement ID 20 on GPU 0 is not free for vGPU type 'A100D-8C'; free: 0, 12");
    // Best fit takes the lowest free placement ID.
    auto p = c.best_fit_on(vgpu(5, "A100D-8C"), 0);
    REQUIRE(p);
    CHECK(p->slots[0].offset == 0);
  }

  SECTION("mixed size: at most max_mixed of a type, fewer than in equal size") {
    ClusterState c = one_gpu(mixed());
    for (int i = 0; i < 4; ++i) {
      auto p = c.best_fit_on(vgpu(i, "A100D-16C"), 0);
      REQUIRE(p);
      c.allocate(vgpu(i, "A100D-16C"), *p);
    }
    CHECK(c.fitting_offsets(vgpu(9, "A100D-16C").gpu, 0, &why).empty());
    CHECK(why == "GPU 0 already hosts 4 A100D-16C vGPUs, the most allowed in mixed-size mode");
    CHECK(c.gpu(0).allocated_milli() == 4 * 200);
  }

  SECTION("mixed size refuses fixed_share (NVIDIA heterogeneous vGPU rule)") {
    PoolSlicing s = mixed();
    s.scheduler = VgpuScheduler::fixed_share;
    ClusterState c;
    CHECK_THROWS_WITH(c.add_pool("p", s, Catalog::builtin().find_gpu("A100D"), 1, 1, 1, 1),
                      Catch::Contains("fixed_share scheduler is not allowed with mixed-size"));
  }

  SECTION("MIG dynamic: a 3g placed first at 0 leaves no start for a 4g") {
    ClusterState c = one_gpu(mig());
    CHECK(c.fitting_offsets(vgpu(1, "A100D-3-40C").gpu, 0) == V{0, 4});
    CHECK(c.fitting_offsets(vgpu(1, "A100D-4-40C").gpu, 0) == V{0});
    auto p = c.best_fit_on(vgpu(1, "A100D-3-40C"), 0);
    REQUIRE(p);
    CHECK(p->slots[0].offset == 0);  // lowest start
    c.allocate(vgpu(1, "A100D-3-40C"), *p);
    CHECK(c.fitting_offsets(vgpu(2, "A100D-4-40C").gpu, 0, &why).empty());
    CHECK(why ==
          "GPU 0: 4g.40gb can only start at memory slice {0}, all overlapped by resident GPU "
          "instances (3g.40gb at 0-3)");
    CHECK(c.gpu(0).slices[0].milli == 428);  // 1000 x 3/7
  }

  SECTION("MIG dynamic: 3g at 4 then 4g at 0 fills the GPU") {
    ClusterState c = one_gpu(mig());
    put(c, vgpu(1, "A100D-3-40C"), 4);
    CHECK(c.fitting_offsets(vgpu(2, "A100D-4-40C").gpu, 0) == V{0});
    put(c, vgpu(2, "A100D-4-40C"), 0);
    CHECK(c.gpu(0).allocated_milli() == 428 + 571);
    CHECK(c.fitting_offsets(vgpu(3, "A100D-1-10C").gpu, 0, &why).empty());
    CHECK(why == "GPU 0 has 0 of 7 compute slices free; 1g.10gb needs 1");
    CHECK_FALSE(c.check(vgpu(3, "A100D-3-40C"), Placement{0, {{0, 2}}}, &why));
    CHECK(why == "GPU 0 has 0 of 7 compute slices free; 3g.40gb needs 3");
  }

  SECTION("MIG dynamic: compute slices and per-profile maxima") {
    ClusterState c = one_gpu(mig());
    put(c, vgpu(1, "A100D-4-40C"), 0);
    CHECK(c.fitting_offsets(vgpu(2, "A100D-2-20C").gpu, 0) == V{4});
    put(c, vgpu(2, "A100D-2-20C"), 4);
    CHECK(c.fitting_offsets(vgpu(3, "A100D-1-10C").gpu, 0) == V{6});
    CHECK_FALSE(c.check(vgpu(3, "A100D-1-10C"), Placement{0, {{0, 7}}}, &why));
    CHECK(why == "MIG start 7 on GPU 0 is not free for vGPU type 'A100D-1-10C'; free: 6");

    ClusterState d = one_gpu(mig());
    put(d, vgpu(10, "A100D-1-10CME"), 0);
    CHECK(d.fitting_offsets(vgpu(11, "A100D-1-10CME").gpu, 0, &why).empty());
    CHECK(why == "GPU 0 already hosts 1 1g.10gb+me instance, the most MIG allows");
    for (int i = 1; i < 7; ++i) put(d, vgpu(i, "A100D-1-10C"), i);
    CHECK(d.gpu(0).slices.size() == 7);
  }

  SECTION("MIG: only MIG-backed types of the board") {
    ClusterState c = one_gpu(mig());
    CHECK(c.fitting_offsets(vgpu(1, "A100D-20C").gpu, 0, &why).empty());
    CHECK(why == "A100D-20C is time-sliced; pool 'p' hosts MIG-backed vGPUs");
    CHECK(c.fitting_offsets(vgpu(1, "H100-3-40C").gpu, 0, &why).empty());
    CHECK(why == "H100-3-40C is a vGPU type of H100-PCIe-80GB; GPU 0 is a A100-PCIe-80GB");
  }

  SECTION("MIG fixed layout: vGPUs occupy only pre-placed free instances") {
    ClusterState c = one_gpu(mig({"3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb"}));
    const auto& inst = c.pools()[0].mig_instances;
    REQUIRE(inst.size() == 4);
    CHECK(c.fitting_offsets(vgpu(1, "A100D-3-40C").gpu, 0).size() == 1);
    CHECK(c.fitting_offsets(vgpu(1, "A100D-1-10C").gpu, 0).size() == 2);
    CHECK(c.fitting_offsets(vgpu(1, "A100D-4-40C").gpu, 0, &why).empty());
    CHECK_THAT(why, Catch::StartsWith("the fixed MIG layout of pool 'p' [") &&
                        Catch::EndsWith("] has no 4g.40gb instance"));
    const int at = c.fitting_offsets(vgpu(1, "A100D-3-40C").gpu, 0)[0];
    put(c, vgpu(1, "A100D-3-40C"), at);
    CHECK(c.fitting_offsets(vgpu(2, "A100D-3-40C").gpu, 0, &why).empty());
    CHECK(why == "GPU 0: the fixed MIG layout's only 3g.40gb instance is in use");
    put(c, vgpu(2, "A100D-1-10C"), c.first_fitting_offset(vgpu(2, "A100D-1-10C").gpu, 0));
    put(c, vgpu(3, "A100D-1-10C"), c.first_fitting_offset(vgpu(3, "A100D-1-10C").gpu, 0));
    CHECK(c.fitting_offsets(vgpu(4, "A100D-1-10C").gpu, 0, &why).empty());
    CHECK(why == "GPU 0: all 2 1g.10gb instances of the fixed MIG layout are in use");
    c.release(1);
    CHECK(c.fitting_offsets(vgpu(5, "A100D-3-40C").gpu, 0) == V{at});
  }

  SECTION("MIG fixed layout: 3g + 4g puts the 4g at 0 and the 3g at 4") {
    ClusterState c = one_gpu(mig({"3g.40gb", "4g.40gb"}));
    const auto& inst = c.pools()[0].mig_instances;
    REQUIRE(inst.size() == 2);
    CHECK(inst[0].profile->name == "4g.40gb");
    CHECK(inst[0].start == 0);
    CHECK(inst[1].profile->name == "3g.40gb");
    CHECK(inst[1].start == 4);
    CHECK(c.fitting_offsets(vgpu(1, "A100D-2-20C").gpu, 0, &why).empty());
    CHECK(why == "the fixed MIG layout of pool 'p' [4g.40gb@0, 3g.40gb@4] has no 2g.20gb instance");
  }

  SECTION("MIG fixed layout validation messages") {
    ClusterState c;
    const GpuModel* a100 = Catalog::builtin().find_gpu("A100D");
    CHECK_THROWS_WITH(c.add_pool("m", mig({"4g.40gb", "4g.40gb"}), a100, 1, 1, 1, 1),
                      Catch::StartsWith("pool 'm': MIG layout [4g.40gb, 4g.40gb] is not valid on "
                                        "A100-PCIe-80GB: "));
    CHECK_THROWS_WITH(c.add_pool("m", mig({"3g.40gb", "3g.40gb", "1g.10gb"}), a100, 1, 1, 1, 1),
                      Catch::Contains("memory slices"));
    CHECK_THROWS_WITH(c.add_pool("m", mig({"4g.40gb", "2g.20gb", "2g.20gb"}), a100, 1, 1, 1, 1),
                      Catch::Contains("compute slices"));
    CHECK_THROWS_WITH(c.add_pool("m", mig({"5g.50gb"}), a100, 1, 1, 1, 1),
                      Catch::Contains("unknown MIG profile '5g.50gb'"));
    CHECK(c.pools().empty());
  }
}
