// The built-in policies on small hand-built clusters: exact scores and choices.
#include <catch2/catch.hpp>

#include "test_policy_util.hpp"
#include "vgpusim/policy/random_draw.hpp"
#include "vgpusim/policy/scored_policy.hpp"
#include "vgpusim/policy/scores.hpp"

using namespace vgpusim;
using namespace vgpusim::test;

namespace {

// Server A: 64 cores, GPUs free [1000, 1000]. Server B: 32 cores (4 used), GPUs free
// [1000, 400]. The task: 4 cores, 300 milli.
struct AbFixture {
  ClusterState c;
  AbFixture() {
    c.add_pool("a", shared_slicing(), synthetic_model("T4"), 1, 2, 64000, 262144);
    c.add_pool("b", shared_slicing(), synthetic_model("T4"), 1, 2, 36000, 262144);
    preload(c, 100, 1, 3, 4000, 600);
  }
  Request task = milli_request(1, 4000, 300);
};

int64_t score_of(const std::string& name, const Request& r, const ClusterState& c, int* server,
                 int* gpu) {
  PolicyContext ctx;
  ctx.params["ties"] = "index";
  auto p = policy_registry().get(name).factory(ctx);
  std::vector<const Request*> q;
  Placement pl = placed(p->place(r, ClusterView{c, q, 0}));
  *server = pl.server;
  *gpu = pl.slots.empty() ? -1 : pl.slots[0].gpu;
  return dynamic_cast<ScoredPolicy&>(*p).last_score();
}

}  // namespace

TEST_CASE("Policy: scored policies choose exactly as the FGD experiment scores them") {
  AbFixture f;
  int s = -1, g = -1;
  SECTION("best-fit: A 65, B 82 -> B, its 400-free GPU; normalised score 100") {
    CHECK(score_of("best-fit", f.task, f.c, &s, &g) == 100);
    CHECK(s == 1);
    CHECK(g == 3);
  }
  SECTION("worst-fit: A 34, B 17 -> A, the GPU with the most free milli (lowest index)") {
    CHECK(score_of("worst-fit", f.task, f.c, &s, &g) == 34);
    CHECK(s == 0);
    CHECK(g == 0);
  }
  SECTION("dot-product: A 98, B 99 -> B") {
    CHECK(score_of("dot-product", f.task, f.c, &s, &g) == 99);
    CHECK(s == 1);
    CHECK(g == 3);
  }
  SECTION("gpu-packing: A (all free, 2 GPUs) 31, B 96 -> B") {
    CHECK(score_of("gpu-packing", f.task, f.c, &s, &g) == 96);
    CHECK(s == 1);
    CHECK(g == 3);
  }
  SECTION("gpu-clustering: share task: A 18+25, B 20+75 -> B") {
    CHECK(score_of("gpu-clustering", f.task, f.c, &s, &g) == 95);
    CHECK(s == 1);
  }
  SECTION("gpu-clustering: whole-GPU task: A 43, B 20 (hosts only sharing) -> A") {
    CHECK(score_of("gpu-clustering", milli_request(2, 1000, 1000), f.c, &s, &g) == 43);
    CHECK(s == 0);
  }
  SECTION("a server without the CPU is never chosen") {
    Request big = milli_request(3, 40000, 300);
    for (const char* p : {"best-fit", "dot-product", "gpu-packing", "gpu-clustering"}) {
      score_of(p, big, f.c, &s, &g);
      CHECK(s == 0);
    }
  }
  SECTION("nothing fits: wait") {
    CHECK(std::holds_alternative<WaitDecision>(
        decide("best-fit", milli_request(4, 1000, 1000, 3), f.c)));
  }
}

TEST_CASE("Policy: gpu-packing and gpu-clustering score functions") {
  SECTION("idle server: max(33 - free GPUs, free GPUs)") {
    CHECK(gpu_packing_score({1000, 1000}, {1000, 1000}, 1) == 31);
    CHECK(gpu_packing_score(std::vector<int>(8, 1000), std::vector<int>(8, 1000), 1) == 25);
  }
  SECTION("uses k fully free GPUs: max(50 - k, 33)") {
    CHECK(gpu_packing_score({400, 1000, 1000}, {1000, 400, 1000}, 2) == 49);
    CHECK(gpu_packing_score({0, 1000, 1000}, {1000, 1000}, 2) == 48);
  }
  SECTION("only partly used GPUs: max(100 - floor(sum floor(free%) / 10), 50)") {
    CHECK(gpu_packing_score({455, 1000}, {455, 1000}, 1) == 96);   // 45 / 10 = 4
    CHECK(gpu_packing_score({990, 990, 0}, {990, 990}, 2) == 81);  // 198 / 10 = 19
    CHECK(gpu_packing_score({0}, {}, 0) == 0);                     // CPU-only
  }
  SECTION("gpu-clustering bonuses") {
    CHECK(gpu_clustering_score(8000, true, false, false) == 25);
    CHECK(gpu_clustering_score(0, true, true, false) == 100);
    CHECK(gpu_clustering_score(4000, true, true, true) == 62);
    CHECK(gpu_clustering_score(4000, false, true, false) == 12);
  }
}

TEST_CASE("Policy: first-fit, random and tie order") {
  ClusterState c;
  c.add_pool("p", shared_slicing(), synthetic_model("T4"), 3, 2, 8000, 65536);
  preload(c, 100, 0, 1, 1000, 300);
  SECTION("first-fit: first server that fits, best-fit GPU on it") {
    Placement p = placed(decide("first-fit", milli_request(1, 1000, 500), c));
    CHECK(p.server == 0);
    CHECK(p.slots.at(0).gpu == 1);  // 700 free beats 1000 free
  }
  SECTION("first-fit: skips a server without CPU") {
    Placement p = placed(decide("first-fit", milli_request(1, 7500, 500), c));
    CHECK(p.server == 1);
    CHECK(p.slots.at(0).gpu == 2);
  }
  SECTION("random: same seed, same choices; only feasible servers") {
    std::vector<int> a, b;
    for (uint64_t seed : {1, 2, 3, 4, 5, 6, 7, 8}) {
      a.push_back(placed(decide("random", milli_request(1, 7500, 500), c, seed)).server);
      b.push_back(placed(decide("random", milli_request(1, 7500, 500), c, seed)).server);
    }
    CHECK(a == b);
    for (int s : a) CHECK(s != 0);
    CHECK(std::count(a.begin(), a.end(), 1) > 0);
    CHECK(std::count(a.begin(), a.end(), 2) > 0);
  }
  SECTION("ties go to the first server of the seeded permutation") {
    ClusterState e;
    e.add_pool("p", shared_slicing(), synthetic_model("T4"), 5, 1, 8000, 65536);
    for (uint64_t seed : {1, 2, 3}) {
      const auto rank = seeded_ranks(5, seed);
      const int first = static_cast<int>(std::find(rank.begin(), rank.end(), 0) - rank.begin());
      CHECK(placed(decide("best-fit", milli_request(1, 1000, 500), e, seed)).server == first);
      CHECK(placed(decide("fgd", milli_request(1, 1000, 500), e, seed)).server == first);
    }
  }
}
