// FGD on a worked example, mig-aware start positions, queue disciplines.
#include <catch2/catch.hpp>
#include <cmath>

#include "test_policy_util.hpp"
#include "vgpusim/policy/fgd.hpp"
#include "vgpusim/policy/queue_discipline.hpp"

using namespace vgpusim;
using namespace vgpusim::test;

namespace {

// m1: 1 core + 500 milli (p 0.5), m2: CPU-only (p 0.25), m3: one whole GPU (p 0.25).
std::shared_ptr<TargetWorkload> worked_workload() {
  auto w = std::make_shared<TargetWorkload>();
  w->types.push_back({1000, 500, 1, {}, 0.5});
  w->types.push_back({1000, 0, 0, {}, 0.25});
  w->types.push_back({1000, 1000, 1, {}, 0.25});
  return w;
}

}  // namespace

TEST_CASE("Policy: FGD fragmentation and scores on a worked example") {
  const auto w = worked_workload();
  const GpuModel* t4 = synthetic_model("T4");
  SECTION("F_m per type: server with 8 cores, GPUs free [1000, 300]") {
    CHECK(fgd_type_fragment(w->types[0], true, 8000, {1000, 300}) == 300);   // 300 unusable
    CHECK(fgd_type_fragment(w->types[1], true, 8000, {1000, 300}) == 1300);  // CPU-only: G
    CHECK(fgd_type_fragment(w->types[2], true, 8000, {1000, 300}) == 300);
    CHECK(fgd_type_fragment(w->types[0], false, 8000, {1000, 300}) == 1300);  // model excluded
    CHECK(fgd_type_fragment(w->types[0], true, 500, {1000, 300}) == 1300);    // no CPU for m
    CHECK(fgd_type_fragment(w->types[2], true, 8000, {900, 300}) == 1200);    // m cannot fit
  }
  SECTION("F = sum p_m F_m = 0.5*300 + 0.25*1300 + 0.25*300 = 550") {
    CHECK(fgd_fragment(*w, t4, 8000, {1000, 300}) == Approx(550));
    TaskType only_v100{1000, 500, 1, {"V100M16"}, 1.0};
    CHECK(fgd_fragment(TargetWorkload{{only_v100}}, t4, 8000, {1000, 300}) == 1300);
  }
  SECTION("score = floor(100 sigmoid(dF/1000))") {
    CHECK(fgd_score(550, 700) == 46);  // 100/(1+e^0.15) = 46.26
    CHECK(fgd_score(550, 350) == 54);  // 100/(1+e^-0.2) = 54.98
    CHECK(fgd_score(0, 0) == 50);
  }
  SECTION("the policy puts 200 milli on the 300-free GPU (54) rather than a whole one (46)") {
    // Server 0: [1000, 300] free; server 1: [1000, 1000] free (F 500 -> 650 after: 46).
    ClusterState c;
    c.add_pool("p", shared_slicing(), t4, 2, 2, 9000, 65536);
    preload(c, 100, 0, 1, 1000, 700);
    PolicyContext ctx;
    ctx.workload = w;
    Placement p = placed(decide("fgd", milli_request(1, 1000, 200), c, 7, ctx));
    CHECK(p.server == 0);
    CHECK(p.slots.at(0).gpu == 1);
  }
  SECTION("whole-GPU tasks take the lowest-index free GPUs") {
    ClusterState c;
    c.add_pool("p", shared_slicing(), t4, 1, 4, 9000, 65536);
    preload(c, 100, 0, 0, 1000, 700);
    PolicyContext ctx;
    ctx.workload = w;
    Placement p = placed(decide("fgd", milli_request(1, 1000, 1000, 2), c, 7, ctx));
    REQUIRE(p.slots.size() == 2);
    CHECK(p.slots[0].gpu == 1);
    CHECK(p.slots[1].gpu == 2);
  }
}

TEST_CASE("Policy: mig-aware keeps start positions for large profiles") {
  const GpuModel* a100 = Catalog::builtin().find_gpu("A100-PCIe-80GB");
  REQUIRE(a100);
  PoolSlicing mig;
  mig.mode = SliceMode::mig;
  ClusterState c;
  c.add_pool("m", mig, a100, 2, 2, 64000, 262144);
  auto vgpu = [](int64_t id, const char* type) {
    Request r;
    r.id = id;
    r.cpu_milli = 1000;
    r.gpu.kind = GpuDemand::Kind::vgpu;
    r.gpu.vgpu_type = type;
    r.gpu.count = 1;
    return r;
  };
  auto place = [&](const Request& r) {
    Placement p = placed(decide("mig-aware", r, c));
    c.allocate(r, p);
    return p;
  };
  SECTION("1g goes to the highest start of the first GPU, the next 1g to the same GPU") {
    Placement a = place(vgpu(1, "A100D-1-10C"));
    CHECK(a.server == 0);
    CHECK(a.slots.at(0).gpu == 0);
    CHECK(a.slots.at(0).offset == 6);
    Placement b = place(vgpu(2, "A100D-1-10C"));
    CHECK(b.slots.at(0).gpu == 0);
    CHECK(b.slots.at(0).offset == 5);
    SECTION("then a 3g still fits at start 0 of the partly used GPU, and a 4g on GPU 1") {
      Placement d = place(vgpu(3, "A100D-3-40C"));
      CHECK(d.slots.at(0).gpu == 0);
      CHECK(d.slots.at(0).offset == 0);
      Placement e = place(vgpu(4, "A100D-4-40C"));
      CHECK(e.slots.at(0).gpu == 1);
      CHECK(e.slots.at(0).offset == 0);
    }
  }
  SECTION("a 3g alone takes start 4, leaving 0 for a 4g on the same GPU") {
    Placement d = place(vgpu(3, "A100D-3-40C"));
    CHECK(d.slots.at(0).offset == 4);
    Placement e = place(vgpu(4, "A100D-4-40C"));
    CHECK(e.slots.at(0).gpu == d.slots.at(0).gpu);
    CHECK(e.slots.at(0).offset == 0);
  }
}

TEST_CASE("Policy: queue disciplines order and backfill") {
  std::vector<Request> rs(4);
  for (int i = 0; i < 4; ++i) rs[i].id = i;
  rs[0].submit_time = 3, rs[0].estimated_runtime_s = 10, rs[0].priority = 0;
  rs[1].submit_time = 1, rs[1].estimated_runtime_s = 50, rs[1].priority = 2;
  rs[2].submit_time = 2, rs[2].estimated_runtime_s = 10, rs[2].priority = 2;
  rs[3].submit_time = 1, rs[3].estimated_runtime_s = 5, rs[3].priority = 1;
  auto ids = [&](const std::string& name) {
    std::vector<const Request*> q{&rs[0], &rs[1], &rs[2], &rs[3]};
    queue_registry().get(name).factory({})->order(q);
    std::vector<int64_t> out;
    for (auto* r : q) out.push_back(r->id);
    return out;
  };
  SECTION("fifo: submit time, then id") {
    CHECK(ids("fifo") == std::vector<int64_t>{1, 3, 2, 0});
  }
  SECTION("sjf: estimated run time, then submit time") {
    CHECK(ids("sjf") == std::vector<int64_t>{3, 2, 0, 1});
  }
  SECTION("priority: highest first, then submit time") {
    CHECK(ids("priority") == std::vector<int64_t>{1, 2, 3, 0});
  }
  SECTION("backfill parameter") {
    auto backfill = [](const char* q, const char* v) {
      return queue_registry().get(q).factory({{{"backfill", v}}})->backfill();
    };
    CHECK(queue_registry().get("fifo").factory({})->backfill() == Backfill::none);
    CHECK(backfill("sjf", "true") == Backfill::easy);
    CHECK(backfill("sjf", "easy") == Backfill::easy);
    CHECK(backfill("priority", "greedy") == Backfill::greedy);
    CHECK(backfill("fifo", "false") == Backfill::none);
    CHECK_THROWS_WITH(queue_registry().get("fifo").factory({{{"backfill", "maybe"}}}),
                      Catch::Contains("backfill") && Catch::Contains("maybe"));
  }
  SECTION("every built-in policy is registered with a description") {
    for (const char* n : {"first-fit", "best-fit", "worst-fit", "random", "dot-product",
                          "gpu-packing", "gpu-clustering", "fgd", "mig-aware"}) {
      REQUIRE(policy_registry().contains(n));
      CHECK_FALSE(policy_registry().get(n).description.empty());
    }
  }
}
