// ClusterState with the passthrough, equal-size vGPU and shared rules (SPEC 2.2).
#include <catch2/catch.hpp>

#include "test_requests.hpp"
#include "vgpusim/cluster/cluster_state.hpp"

using namespace vgpusim;

namespace {

const GpuModel* board(const char* name) {
  const GpuModel* m = Catalog::builtin().find_gpu(name);
  REQUIRE(m != nullptr);
  return m;
}

PoolSlicing slicing(SliceMode mode, SizeMode size = SizeMode::equal) {
  PoolSlicing s;
  s.mode = mode;
  s.size_mode = size;
  return s;
}

Request vgpu_request(int64_t id, const char* type, int count = 1) {
  Request r;
  r.id = id;
  r.cpu_milli = 4000;
  r.memory_mib = 16384;
  r.gpu.kind = GpuDemand::Kind::vgpu;
  r.gpu.vgpu_type = type;
  r.gpu.count = count;
  return r;
}

Request milli_request(int64_t id, int milli, int count = 1) {
  Request r;
  r.id = id;
  r.cpu_milli = 1000;
  r.gpu.kind = GpuDemand::Kind::milli;
  r.gpu.milli = milli;
  r.gpu.count = count;
  return r;
}

using test::whole_request;

// Places `r` by best fit on server `s`, failing the test when it does not fit.
Placement place(ClusterState& c, const Request& r, int s = 0) {
  std::string why;
  auto p = c.best_fit_on(r, s, &why);
  INFO(why);
  REQUIRE(p.has_value());
  c.allocate(r, *p);
  return *p;
}

}  // namespace

TEST_CASE("Cluster: behaviour", "[cluster]") {
  ClusterState c;
  std::string why;

  SECTION("pools create servers and GPUs with global indices") {
    c.add_pool("a100", slicing(SliceMode::passthrough), board("A100D"), 2, 4, 64000, 512 * 1024);
    c.add_pool("t4", slicing(SliceMode::shared), board("T4"), 1, 2, 32000, 128 * 1024);
    REQUIRE(c.servers().size() == 3);
    REQUIRE(c.total_gpus() == 10);
    CHECK(c.server(1).name == "a100[1]");
    CHECK(c.server(2).gpus == std::vector<int>{8, 9});
    CHECK(c.gpu(9).server == 2);
    CHECK(c.gpu(9).local == 1);
    CHECK(c.gpu(9).model->name == "T4");
    CHECK(c.pools()[1].rules == &slice_rules_for(slicing(SliceMode::shared)));
  }

  SECTION("passthrough: k whole GPUs on one server, then nothing") {
    c.add_pool("a100", slicing(SliceMode::passthrough), board("A100D"), 1, 4, 64000, 512 * 1024);
    Placement p = place(c, whole_request(1, 3));
    REQUIRE(p.slots.size() == 3);
    CHECK(p.slots[0].gpu == 0);
    CHECK(p.slots[2].gpu == 2);
    CHECK(c.allocated_milli() == 3000);
    CHECK_FALSE(c.best_fit_on(whole_request(2, 2), 0, &why));
    CHECK(why == "server a100[0]: 1 of 2 GPUs fit; GPU 0 is passed through to request 1");
    CHECK(c.fitting_offsets(milli_request(3, 500).gpu, 3, &why).empty());
    CHECK(why == "pool 'a100' passes whole GPUs through; it cannot host 500 milli-GPU");
    c.release(1);
    CHECK(c.allocated_milli() == 0);
    CHECK(c.best_fit_on(whole_request(2, 4), 0));
  }

  SECTION("equal size: one vGPU type per GPU, with its reason") {
    c.add_pool("a100", slicing(SliceMode::vgpu), board("A100D"), 1, 2, 64000, 512 * 1024);
    Request a = vgpu_request(1, "A100D-20C");
    place(c, a);
    CHECK(c.gpu(0).slices[0].milli == 250);  // 20 of 80 GB
    CHECK(c.gpu(0).slices[0].vgpu_type == "A100D-20C");
    CHECK(c.fitting_offsets(vgpu_request(2, "A100D-16C").gpu, 0, &why).empty());
    CHECK(
        why ==
        "GPU 0 hosts A100D-20C vGPUs, A100D-16C asked; equal-size mode allows one type per GPU "
        "(NVIDIA vGPU rule)");
    // Best fit sends the 16C to the other GPU.
    Placement p = place(c, vgpu_request(2, "A100D-16C"));
    CHECK(p.slots[0].gpu == 1);
    // check() gives the same reason for a policy's bad decision.
    Placement bad{0, {{0, 0}}};
    CHECK_FALSE(c.check(vgpu_request(3, "A100D-16C"), bad, &why));
    CHECK(
        why ==
        "GPU 0 hosts A100D-20C vGPUs, A100D-16C asked; equal-size mode allows one type per GPU "
        "(NVIDIA vGPU rule)");
    CHECK_THROWS_WITH(c.allocate(vgpu_request(3, "A100D-16C"), bad),
                      Catch::Contains("equal-size mode allows one type per GPU"));
  }

  SECTION("equal size: at most max_equal, best fit fills the fuller GPU first") {
    c.add_pool("a100", slicing(SliceMode::vgpu), board("A100D"), 1, 2, 640000, 5120 * 1024);
    place(c, vgpu_request(1, "A100D-20C"));
    for (int i = 2; i <= 4; ++i) CHECK(place(c, vgpu_request(i, "A100D-20C")).slots[0].gpu == 0);
    CHECK(c.fitting_offsets(vgpu_request(5, "A100D-20C").gpu, 0, &why).empty());
    CHECK(why == "GPU 0 already hosts 4 A100D-20C vGPUs, the most allowed in equal-size mode");
    CHECK(place(c, vgpu_request(5, "A100D-20C")).slots[0].gpu == 1);
    CHECK(c.gpu(0).free_milli() == 0);
  }

  SECTION("vGPU types must match the board and the pool's mode") {
    c.add_pool("a100", slicing(SliceMode::vgpu), board("A100D"), 1, 1, 64000, 512 * 1024);
    CHECK(c.fitting_offsets(vgpu_request(1, "L40S-8C").gpu, 0, &why).empty());
    CHECK(why == "L40S-8C is a vGPU type of L40S; GPU 0 is a A100-PCIe-80GB");
    CHECK(c.fitting_offsets(vgpu_request(1, "A100D-3-40C").gpu, 0, &why).empty());
    CHECK(why == "A100D-3-40C is MIG-backed; pool 'a100' hosts time-sliced vGPUs");
    CHECK(c.fitting_offsets(vgpu_request(1, "A100D-7C").gpu, 0, &why).empty());
    CHECK(why == "unknown vGPU type 'A100D-7C'");
    CHECK(c.fitting_offsets(whole_request(1, 1).gpu, 0, &why).empty());
    CHECK(why == "pool 'a100' hosts time-sliced vGPUs; it cannot host 1 whole GPU");
  }

  SECTION("multi-vGPU: k vGPUs of one type on k distinct GPUs of one server") {
    c.add_pool("a100", slicing(SliceMode::vgpu), board("A100D"), 1, 4, 640000, 5120 * 1024);
    place(c, vgpu_request(1, "A100D-40C"));  // GPU 0 half full
    Placement p = place(c, vgpu_request(2, "A100D-40C", 3));
    REQUIRE(p.slots.size() == 3);
    CHECK(p.slots[0].gpu == 0);  // least free first
    CHECK(p.slots[1].gpu == 1);
    CHECK(p.slots[2].gpu == 2);
    CHECK_FALSE(c.check(vgpu_request(3, "A100D-40C", 2), Placement{0, {{3, 0}, {3, 0}}}, &why));
    CHECK(why == "GPU 3 is used twice; each unit of a request needs its own GPU");
    CHECK_FALSE(c.check(vgpu_request(3, "A100D-40C", 2), Placement{0, {{3, 0}}}, &why));
    CHECK(why == "the placement gives 1 GPU slot; vGPU type 'A100D-40C' needs 2");
    auto where = c.placement_of(2);
    REQUIRE(where);
    CHECK(where->slots.size() == 3);
  }

  SECTION("shared: milli fit, whole GPUs need fully free GPUs") {
    c.add_pool("t4", slicing(SliceMode::shared), board("T4"), 1, 2, 32000, 128 * 1024);
    CHECK(place(c, milli_request(1, 600)).slots[0].gpu == 0);
    CHECK(place(c, milli_request(2, 300)).slots[0].gpu == 0);  // best fit: least free
    CHECK(c.gpu(0).free_milli() == 100);
    CHECK(place(c, milli_request(3, 200)).slots[0].gpu == 1);
    CHECK(c.fitting_offsets(milli_request(4, 200).gpu, 0, &why).empty());
    CHECK(why == "GPU 0 has 100 free milli-GPU, 200 asked");
    CHECK_FALSE(c.best_fit_on(milli_request(5, 1000), 0, &why));
    CHECK(why ==
          "server t4[0]: 0 of 1 GPU fit; GPU 0 is not fully free (900 milli-GPU in use by 2 "
          "sharers)");
    c.release(3);
    CHECK(place(c, milli_request(5, 1000)).slots[0].gpu == 1);
    CHECK(c.allocated_milli() == 1900);
  }

  SECTION("server CPU, memory, acceptance, GPU health and model constraints") {
    c.add_pool("t4", slicing(SliceMode::shared), board("T4"), 2, 1, 8000, 16384);
    Request r = milli_request(1, 100);
    r.cpu_milli = 9000;
    CHECK_FALSE(c.best_fit_on(r, 0, &why));
    CHECK(why == "server t4[0] has 8000 free CPU milli, 9000 asked");
    r.cpu_milli = 1000;
    r.memory_mib = 20000;
    CHECK_FALSE(c.best_fit_on(r, 0, &why));
    CHECK(why == "server t4[0] has 16384 MiB free memory, 20000 asked");
    r.memory_mib = 0;
    c.set_accepting(0, false);
    CHECK_FALSE(c.best_fit_on(r, 0, &why));
    CHECK(why == "server t4[0] is not accepting work (drained, failed or off)");
    c.set_gpu_healthy(1, false);
    CHECK_FALSE(c.best_fit_on(r, 1, &why));
    CHECK(why == "server t4[1]: 0 of 1 GPU fit; GPU 1 is unhealthy");
    c.set_gpu_healthy(1, true);
    r.gpu.gpu_models = {"V100M16", "A10"};
    CHECK_FALSE(c.best_fit_on(r, 1, &why));
    CHECK(why ==
          "server t4[1]: 0 of 1 GPU fit; GPU 1 is a T4; the request allows only V100M16|A10");
    r.gpu.gpu_models = {"T4-16GB"};  // aliases count
    CHECK(c.best_fit_on(r, 1));
    Request two = whole_request(2, 2);
    CHECK_FALSE(c.best_fit_on(two, 1, &why));
    CHECK(why == "server t4[1] has 1 GPUs, 2 asked");
  }

  SECTION("CPU-only requests take CPU and memory only") {
    c.add_pool("t4", slicing(SliceMode::shared), board("T4"), 1, 1, 8000, 16384);
    Request r;
    r.id = 7;
    r.cpu_milli = 3000;
    r.memory_mib = 1024;
    Placement p = place(c, r);
    CHECK(p.slots.empty());
    CHECK(c.server(0).cpu_free() == 5000);
    CHECK_THROWS(c.allocate(r, p));  // same id twice
    c.release(7);
    CHECK(c.server(0).cpu_free() == 8000);
    CHECK(c.server(0).memory_free() == 16384);
  }

  SECTION("invalid pools are refused with the reason") {
    CHECK_THROWS_WITH(
        c.add_pool("t4", slicing(SliceMode::vgpu, SizeMode::mixed), board("T4"), 1, 1, 1, 1),
        "pool 't4': T4 does not support mixed-size vGPU mode (use size_mode: equal)");
    CHECK_THROWS_WITH(c.add_pool("l4", slicing(SliceMode::mig), board("L4"), 1, 1, 1, 1),
                      "pool 'l4': L4 does not support MIG");
  }

  SECTION("a server's version moves with every change policies may cache against") {
    c.add_pool("t4", slicing(SliceMode::shared), board("T4"), 2, 2, 32000, 128 * 1024);
    const uint64_t v0 = c.server(0).version, other = c.server(1).version;
    place(c, milli_request(1, 300));
    const uint64_t v1 = c.server(0).version;
    CHECK(v1 != v0);
    CHECK(c.gpu(0).allocated_milli() == 300);
    place(c, milli_request(2, 500));
    CHECK(c.gpu(0).allocated_milli() == 800);  // best fit: the fuller GPU
    c.set_busy(1, true);                       // busy state changes no free capacity
    const uint64_t v2 = c.server(0).version;
    c.release(1);
    CHECK(c.server(0).version != v2);
    CHECK(c.gpu(0).allocated_milli() == 500);
    CHECK(c.gpu(0).free_milli() == 500);
    const uint64_t v3 = c.server(0).version;
    c.set_gpu_healthy(1, false);
    CHECK(c.server(0).version != v3);
    const uint64_t v4 = c.server(0).version;
    c.set_accepting(0, false);
    CHECK(c.server(0).version != v4);
    CHECK(c.server(1).version == other);
  }

  SECTION("best_fit_without: what best_fit_on would give after those releases, state untouched") {
    // Shared milli slices on two T4 servers: the trial must free GPU share, CPU and memory
    // of the owners on that server only, and leave the others' slices as they are.
    c.add_pool("t4", slicing(SliceMode::shared), board("T4"), 2, 2, 3000, 128 * 1024);
    place(c, milli_request(1, 600));     // GPU 0
    place(c, milli_request(2, 600));     // GPU 1
    place(c, milli_request(3, 300));     // GPU 0 (the fuller)
    place(c, milli_request(4, 500), 1);  // server 1, GPU 2
    const uint64_t version = c.server(0).version;
    const Request big = milli_request(9, 700);
    CHECK_FALSE(c.best_fit_on(big, 0));  // 100 and 400 free
    const std::vector<int64_t> none{}, other{4}, one{1}, both{1, 3}, cpu_bound{1, 2, 3};
    CHECK_FALSE(c.best_fit_without(big, 0, none));
    CHECK_FALSE(c.best_fit_without(big, 0, other));  // request 4 is on server 1
    for (const auto* gone : {&one, &both}) {
      ClusterState released = c;
      for (int64_t o : *gone) released.release(o);
      auto expected = released.best_fit_on(big, 0);
      auto trial = c.best_fit_without(big, 0, *gone);
      REQUIRE(trial);
      REQUIRE(expected);
      CHECK(trial->slots[0].gpu == expected->slots[0].gpu);
      CHECK(trial->slots[0].offset == expected->slots[0].offset);
    }
    CHECK(c.best_fit_without(big, 0, one)->slots[0].gpu == 0);  // 700 free there, 400 on GPU 1
    // CPU: 3000 milli, three requests of 1000 hold it all; a fourth needs one gone.
    CHECK_FALSE(c.best_fit_on(milli_request(8, 100), 0));
    CHECK(c.best_fit_without(milli_request(8, 100), 0, other) == std::nullopt);
    CHECK(c.best_fit_without(milli_request(8, 100), 0, cpu_bound));
    // Nothing changed.
    CHECK(c.server(0).version == version);
    CHECK(c.gpu(0).allocated_milli() == 900);
    CHECK(c.gpu(0).slices.size() == 2);
    CHECK(c.server(0).cpu_free() == 0);
  }
}
