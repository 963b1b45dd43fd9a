// Why a request waits, pool by pool (placement_explain.hpp; decisions.csv).
#include <catch2/catch.hpp>

#include "test_requests.hpp"
#include "vgpusim/cluster/placement_explain.hpp"

using namespace vgpusim;
using test::vgpu_unit;
using test::whole_request;

namespace {

using test::builtin_board;
using test::slicing_of;

void place_on_gpu(ClusterState& c, const Request& r, int s, int g) {
  c.allocate(r, Placement{s, {GpuSlot{g, 0}}});
}

void place(ClusterState& c, const Request& r, int s) {
  auto p = c.best_fit_on(r, s);
  REQUIRE(p.has_value());
  c.allocate(r, *p);
}

}  // namespace

TEST_CASE("Explain: the first rule that refuses a request in each pool", "[explain]") {
  ClusterState c;
  c.add_pool("a100", slicing_of(SliceMode::vgpu), builtin_board("A100D"), 2, 2, 64000, 512 * 1024);
  c.add_pool("l40s", slicing_of(SliceMode::passthrough), builtin_board("L40S"), 1, 2, 32000, 128 * 1024);

  SECTION("equal-size type lock: the closest server, the GPU and the rule with its numbers") {
    // a100[0]: both GPUs hold 10C; a100[1]: gpu0 holds 10C, gpu1 free: one of 2 GPUs fits.
    place_on_gpu(c, vgpu_unit(1, "A100D-10C"), 0, 0);
    place_on_gpu(c, vgpu_unit(2, "A100D-10C"), 0, 1);
    place_on_gpu(c, vgpu_unit(3, "A100D-10C"), 1, 2);
    Request r = vgpu_unit(100, "A100D-20C");
    r.gpu.count = 2;
    const auto pools = explain_refusals(c, r);
    REQUIRE(pools.size() == 2);
    CHECK(pools[0].kind == RefusalKind::no_fitting_gpus);
    CHECK(pools[0].asked == 2);
    CHECK(pools[0].best == 1);
    CHECK(pools[0].server == "a100[1]");
    CHECK(pools[0].gpu == "a100[1]/gpu0");
    CHECK(pools[0].rule == "vgpu-equal");
    CHECK(refusal_text(pools[0]) ==
          "a100: no server with 2 free GPUs: largest 1 (a100[1]); GPU a100[1]/gpu0: vgpu-equal: "
          "GPU 2 hosts A100D-10C vGPUs, A100D-20C asked; equal-size mode allows one type per GPU "
          "(NVIDIA vGPU rule)");
    CHECK(pools[1].kind == RefusalKind::pool_cannot_host);
    CHECK(refusal_text(pools[1]) ==
          "l40s: never fits: pool 'l40s' passes whole GPUs through; it cannot host vGPU type "
          "'A100D-20C'");
  }

  SECTION("CPU: the most free vCPUs any server of the pool offers") {
    Request big = whole_request(1, 1);
    big.cpu_milli = 20000;
    place(c, big, 2);  // l40s[0]: 12 vCPUs left
    Request r = whole_request(2, 1);
    r.cpu_milli = 16000;
    const auto pools = explain_refusals(c, r);
    CHECK(pools[1].kind == RefusalKind::cpu);
    CHECK(refusal_text(pools[1]) == "l40s: no server with 16 free vCPUs: most 12 (l40s[0])");
  }

  SECTION("a pool whose servers are all drained, and a pool that fits") {
    c.set_accepting(0, false);
    c.set_accepting(1, false);
    const auto pools = explain_refusals(c, vgpu_unit(1, "A100D-20C"));
    CHECK(refusal_text(pools[0]) == "a100: all 2 servers drained, failed or off");
    const auto whole = explain_refusals(c, whole_request(2, 2));
    CHECK(whole[1].kind == RefusalKind::fits);
    CHECK(refusal_text(whole[1]) == "l40s: fits on 1 server (first l40s[0])");
  }

  SECTION("a request larger than any server of the pool never fits there") {
    const auto pools = explain_refusals(c, whole_request(1, 4));
    CHECK(refusal_text(pools[1]) == "l40s: never fits: its servers have 2 GPUs, 4 asked");
  }

  SECTION("the request as decisions.csv shows it") {
    Request r = vgpu_unit(1, "A100D-20C");
    r.gpu.count = 2;
    r.cpu_milli = 8000;
    r.memory_mib = 32768;
    CHECK(describe_request(r) == "vGPU type 'A100D-20C' x2, 8 vCPUs, 32768 MiB");
  }
}
