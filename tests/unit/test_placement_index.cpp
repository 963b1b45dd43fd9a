#include <catch2/catch.hpp>
#include <random>

#include "test_policy_util.hpp"
#include "vgpusim/policy/feasible_servers.hpp"
#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/queue_discipline.hpp"

using namespace vgpusim;
using namespace vgpusim::test;

namespace {

ClusterState shared_cluster(int servers) {
  ClusterState c;
  c.add_pool("p", shared_slicing(), synthetic_model("G"), servers, 2, 8000, 64 * 1024);
  return c;
}

std::set<int> scan(const ClusterState& c, const Request& r) {
  std::set<int> out;
  for (int s = 0; s < static_cast<int>(c.servers().size()); ++s)
    if (fit::server_admits(c, r, s) && c.best_fit_on(r, s)) out.insert(s);
  return out;
}

/// Random allocations and releases on `c`, calling `check` after each.
template <typename Check>
void churn(ClusterState& c, int steps, Check&& check) {
  std::mt19937_64 rng(7);
  std::vector<int64_t> held;
  int64_t next = 100;
  for (int i = 0; i < steps; ++i) {
    if (!held.empty() && rng() % 3 == 0) {
      const size_t k = rng() % held.size();
      c.release(held[k]);
      held.erase(held.begin() + static_cast<std::ptrdiff_t>(k));
    } else {
      Request r = milli_request(next, 1000 * static_cast<int64_t>(rng() % 3),
                                250 * static_cast<int>(1 + rng() % 4));
      const int s = static_cast<int>(rng() % c.servers().size());
      if (auto p = c.best_fit_on(r, s)) {
        c.allocate(r, *p);
        held.push_back(next++);
      }
    }
    check();
  }
}

}  // namespace

TEST_CASE("FeasibleServers: the index equals a scan of every server", "[policy]") {
  SECTION("after each of many allocations and releases, for two shapes") {
    ClusterState c = shared_cluster(12);
    FeasibleServers index;
    const Request small = milli_request(1, 1000, 250);
    const Request big = milli_request(2, 4000, 1000, 2);
    churn(c, 300, [&] {
      REQUIRE(index.of(c, small) == scan(c, small));
      REQUIRE(index.of(c, big) == scan(c, big));
    });
  }
  SECTION("a server that stops accepting leaves it, and comes back") {
    ClusterState c = shared_cluster(3);
    FeasibleServers index;
    const Request r = milli_request(1, 1000, 500);
    CHECK(index.of(c, r) == std::set<int>{0, 1, 2});
    c.set_accepting(1, false);
    CHECK(index.of(c, r) == std::set<int>{0, 2});
    c.set_accepting(1, true);
    CHECK(index.of(c, r) == std::set<int>{0, 1, 2});
  }
  SECTION("a copy of the state is indexed afresh") {
    ClusterState c = shared_cluster(2);
    FeasibleServers index;
    const Request r = milli_request(1, 8000, 500);
    CHECK(index.of(c, r).size() == 2);
    ClusterState copy = c;
    preload(copy, 9, 0, 0, 8000, 100);
    CHECK(index.of(copy, r) == std::set<int>{1});
    CHECK(copy.change_log().id() != c.change_log().id());
  }
}

TEST_CASE("Scored policies: the kept ranking picks what a fresh scan picks", "[policy]") {
  for (const char* name : {"best-fit", "worst-fit", "dot-product", "gpu-packing"}) {
    SECTION(name) {
      ClusterState c = shared_cluster(10);
      PolicyContext ctx;
      ctx.seed = 3;
      auto kept = policy_registry().get(name).factory(ctx);
      const Request r = milli_request(1, 2000, 500);
      std::vector<const Request*> q;
      churn(c, 200, [&] {
        const Decision a = kept->place(r, ClusterView{c, q, 0});
        const Decision b = decide(name, r, c, 3);  // a new policy: every server scored
        REQUIRE(a.index() == b.index());
        if (const auto* pa = std::get_if<PlaceDecision>(&a))
          REQUIRE(pa->placement.server == std::get<PlaceDecision>(b).placement.server);
      });
    }
  }
}

TEST_CASE("Queue disciplines: before() is the order order() sorts by", "[policy]") {
  SECTION("sjf: shorter first, then submit time, then id") {
    auto q = queue_registry().get("sjf").factory({});
    Request a, b, c;
    a.id = 1, a.estimated_runtime_s = 10, a.submit_time = 5;
    b.id = 2, b.estimated_runtime_s = 5, b.submit_time = 6;
    c.id = 3, c.estimated_runtime_s = 5, c.submit_time = 6;
    CHECK(q->before(b, a));
    CHECK(q->before(b, c));
    CHECK_FALSE(q->before(c, b));
    std::vector<const Request*> v{&a, &c, &b};
    q->order(v);
    CHECK(v == std::vector<const Request*>{&b, &c, &a});
  }
  SECTION("the backfill window defaults to Slurm's 500 and is checked") {
    CHECK(queue_registry().get("fifo").factory({})->window() == 500);
    QueueContext ctx;
    ctx.params["backfill_window"] = "20";
    CHECK(queue_registry().get("fifo").factory(ctx)->window() == 20);
    ctx.params["backfill_window"] = "0";
    CHECK_THROWS_AS(queue_registry().get("fifo").factory(ctx), std::invalid_argument);
  }
}
