// The autoscaler's rule (Kubernetes HPA): desired = ceil(current x metric / target), none
// within 10 % of the target, clamped to [min, max]; scale-down to the highest
// recommendation of the stabilisation window.
#include <catch2/catch.hpp>

#include "vgpusim/workload/autoscaler.hpp"

using namespace vgpusim;

TEST_CASE("Autoscaler: HPA rule on queue depth and TTFT", "[workload][autoscale]") {
  AutoscaleSpec spec;
  spec.min = 1;
  spec.max = 8;
  spec.scale_down_after_s = 300;

  SECTION("queue: desired = ceil(waiting / target), clamped to max") {
    spec.target_queue = 4;
    Autoscaler a(spec);
    CHECK(a.recommend(0, 2, {20, -1}) == 5);   // 10 per replica / 4 -> ceil(2 x 2.5)
    CHECK(a.recommend(15, 2, {200, -1}) == 8);  // clamped
    CHECK(a.why().find("queue 100 per replica, target 4") != std::string::npos);
  }
  SECTION("within the 10 % tolerance nothing changes") {
    spec.target_queue = 4;
    Autoscaler a(spec);
    CHECK(a.recommend(0, 3, {12.9, -1}) == 3);  // 4.3 per replica: within 10 % of 4
    CHECK(a.recommend(15, 3, {13.5, -1}) == 4);  // 4.5: ceil(3 x 1.125)
  }
  SECTION("ttft: proportional to the observed TTFT; none observed asks for min") {
    spec.target_ttft_s = 0.5;
    Autoscaler a(spec);
    CHECK(a.recommend(0, 2, {0, 1.6}) == 7);  // ceil(2 x 3.2)
    CHECK(a.recommend(15, 2, {0, -1}) == 1);
  }
  SECTION("both targets: the larger recommendation") {
    spec.target_queue = 10;
    spec.target_ttft_s = 1;
    Autoscaler a(spec);
    CHECK(a.recommend(0, 2, {60, 1.2}) == 6);  // queue: ceil(2 x 3) = 6; TTFT: ceil(2.4) = 3
  }
  SECTION("scale-down waits for the window: the highest recommendation of its span") {
    spec.target_queue = 4;
    Autoscaler a(spec);
    a.recommend(0, 1, {16, -1});  // 4
    a.recommend(100, 4, {0, -1});  // 1
    CHECK(a.stable(100) == 4);
    CHECK(a.stable(300) == 4);      // the 4 at t = 0 is still in the window
    CHECK(a.stable(300.5) == 1);    // gone
  }
}
