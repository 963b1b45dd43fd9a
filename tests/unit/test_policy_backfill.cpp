// EASY backfilling's reservation (backfill.hpp) on hand-built clusters.
#include <catch2/catch.hpp>
#include <limits>

#include "test_requests.hpp"
#include "vgpusim/policy/backfill.hpp"

using namespace vgpusim;

namespace {

const GpuModel* a100() {
  return test::builtin_board("A100D");
}

PoolSlicing mode(SliceMode m) {
  return test::slicing_of(m);
}

Request whole(int64_t id, int count) {
  return test::whole_request(id, count);
}
Request vgpu(int64_t id, const char* type) {
  return test::vgpu_unit(id, type);
}

Placement on(int server, int gpu) {
  return Placement{server, {{gpu, 0}}};
}

}  // namespace

TEST_CASE("Backfill: EASY reservation for the head", "[policy]") {
  ClusterState c;

  SECTION("whole GPUs: shadow time and which later requests may start") {
    // Two servers of two GPUs; request 1 holds GPU 0 of server 0 until t=100, request 2
    // GPU 2 of server 1 until t=50. The head wants two GPUs on one server: at t=50.
    c.add_pool("p", mode(SliceMode::passthrough), a100(), 2, 2, 64000, 1 << 20);
    c.allocate(whole(1, 1), on(0, 0));
    c.allocate(whole(2, 1), on(1, 2));
    auto res = HeadReservation::make(c, whole(9, 2), {{1, 100}, {2, 50}}, 10);
    REQUIRE(res);
    CHECK(res->shadow_time() == 50);
    // Done by t=50: may start anywhere.
    CHECK(res->admit(whole(3, 1), on(1, 3), 40));
    // Past t=50 on server 1, the head's only place then: refused.
    CHECK_FALSE(res->admit(whole(4, 1), on(1, 3), 400));
    // Past t=50 on server 0, busy until t=100 anyway: the head still starts at t=50.
    CHECK(res->admit(whole(5, 1), on(0, 1), 400));
  }

  SECTION("an admitted long request stays in the projection for the next one") {
    // One server of four GPUs, request 1 holds two until t=100; the head wants three.
    c.add_pool("p", mode(SliceMode::passthrough), a100(), 1, 4, 64000, 1 << 20);
    c.allocate(whole(1, 2), Placement{0, {{0, 0}, {1, 0}}});
    auto res = HeadReservation::make(c, whole(9, 3), {{1, 100}}, 0);
    REQUIRE(res);
    CHECK(res->shadow_time() == 100);
    CHECK(res->admit(whole(3, 1), on(0, 2), 500));        // leaves 3 of 4 at t=100
    CHECK_FALSE(res->admit(whole(4, 1), on(0, 3), 500));  // would leave 2
  }

  SECTION("slicing rules, not free capacity, decide: equal-size vGPU") {
    // One GPU hosting an A100D-10C until t=100. A 20C head cannot join a GPU of 10Cs
    // (equal size) although 70 GB are free: it waits for t=100. Another 10C that outlives
    // t=100 would keep the GPU a 10C GPU and is refused; one that ends before is admitted.
    c.add_pool("v", mode(SliceMode::vgpu), a100(), 1, 1, 64000, 1 << 20);
    c.allocate(vgpu(1, "A100D-10C"), on(0, 0));
    auto res = HeadReservation::make(c, vgpu(9, "A100D-20C"), {{1, 100}}, 0);
    REQUIRE(res);
    CHECK(res->shadow_time() == 100);
    CHECK_FALSE(res->admit(vgpu(2, "A100D-10C"), on(0, 0), 150));
    CHECK(res->admit(vgpu(3, "A100D-10C"), on(0, 0), 90));
  }

  SECTION("requests ending together free their resources together") {
    c.add_pool("p", mode(SliceMode::passthrough), a100(), 1, 2, 64000, 1 << 20);
    c.allocate(whole(1, 1), on(0, 0));
    c.allocate(whole(2, 1), on(0, 1));
    auto res = HeadReservation::make(c, whole(9, 2), {{2, 70}, {1, 70}}, 0);
    REQUIRE(res);
    CHECK(res->shadow_time() == 70);
  }

  SECTION("overrunning estimates count as now; a head that fits now is reserved now") {
    c.add_pool("p", mode(SliceMode::passthrough), a100(), 1, 1, 64000, 1 << 20);
    c.allocate(whole(1, 1), on(0, 0));
    auto late = HeadReservation::make(c, whole(9, 1), {{1, 5}}, 20);
    REQUIRE(late);
    CHECK(late->shadow_time() == 20);
    ClusterState empty;
    empty.add_pool("p", mode(SliceMode::passthrough), a100(), 1, 1, 64000, 1 << 20);
    auto now = HeadReservation::make(empty, whole(9, 1), {}, 3);
    REQUIRE(now);
    CHECK(now->shadow_time() == 3);
  }

  SECTION("no reservation for a head that never fits, or fits only after endless ones") {
    c.add_pool("p", mode(SliceMode::passthrough), a100(), 1, 2, 64000, 1 << 20);
    CHECK_FALSE(HeadReservation::make(c, whole(9, 3), {}, 0));  // 3 GPUs on a 2-GPU server
    c.allocate(whole(1, 2), Placement{0, {{0, 0}, {1, 0}}});
    const double never = std::numeric_limits<double>::infinity();
    auto res = HeadReservation::make(c, whole(9, 1), {{1, never}}, 0);
    REQUIRE(res);
    CHECK(res->shadow_time() == never);
  }
}
