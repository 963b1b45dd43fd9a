#include <catch2/catch.hpp>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/cluster/time_slice.hpp"

using namespace vgpusim;

TEST_CASE("Time slice: NVIDIA's defaults and the round robin's slot wait", "[slicing]") {
  SECTION("default slice by the type's vGPUs per GPU: 2 ms up to 8, 1 ms above") {
    const Catalog& c = Catalog::builtin();
    CHECK(nvidia_default_time_slice(c.find_vgpu("A100D-20C")->max_equal) == 0.002);  // 4
    CHECK(nvidia_default_time_slice(c.find_vgpu("A100D-10C")->max_equal) == 0.002);  // 8
    CHECK(nvidia_default_time_slice(c.find_vgpu("A100D-8C")->max_equal) == 0.001);   // 10
    CHECK(nvidia_default_time_slice(c.find_vgpu("H200X-4C")->max_equal) == 0.001);   // 32
    CHECK(kMinTimeSlice == 0.001);
    CHECK(kMaxTimeSlice == 0.030);
  }

  SECTION("a batch shorter than half a slice waits for its turn") {
    // 4 slots of 2 ms, 0.5 ms of work: expected D = 3 x 1 ms + 0.5 ms = 3.5 ms; the fluid
    // model says 4 x 0.5 = 2 ms, so 1.5 ms more.
    CHECK(round_robin_slot_wait(0.0005, 0.002, 4) == Approx(0.0015));
    // Two slots (two resident vGPUs under equal share): 1 ms + 0.5 ms vs 1 ms.
    CHECK(round_robin_slot_wait(0.0005, 0.002, 2) == Approx(0.0005));
    // A shorter slice shortens the wait: 1 ms slices, 0.25 ms of work, 4 slots.
    CHECK(round_robin_slot_wait(0.00025, 0.001, 4) == Approx(0.00075));
  }

  SECTION("no wait where the fluid model is already slower, alone, or for nothing") {
    CHECK(round_robin_slot_wait(0.0015, 0.002, 4) == 0);  // ends in the second half of a slot
    CHECK(round_robin_slot_wait(0.0005, 0.002, 1) == 0);  // alone: the GPU is its own
    CHECK(round_robin_slot_wait(0, 0.002, 4) == 0);
    CHECK(round_robin_slot_wait(0.0005, 0, 4) == 0);
  }

  SECTION("long batches: the wait stays below half a round whatever the work") {
    for (double w : {0.0021, 0.0025, 0.0101, 0.1, 1.0, 3.6e3}) {
      INFO(w);
      const double wait = round_robin_slot_wait(w, 0.002, 4);
      CHECK(wait >= 0);
      CHECK(wait <= 3 * 0.002 / 2 + 1e-12);
      // The fluid time plus the wait is the round robin's expected time where that is longer.
      const double k = std::ceil(w / 0.002);
      const double rr = 3 * 0.002 / 2 + w + (k - 1) * 3 * 0.002;
      CHECK(w * 4 + wait == Approx(std::max(rr, w * 4)));
    }
  }
}
