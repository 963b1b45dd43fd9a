// Multi-server gangs (cluster/gang.hpp), their placement strategies (gang_placement.hpp,
// topology-aware) and the train model's data-parallel figures, on hand-built clusters.
#include <catch2/catch.hpp>

#include "test_policy_util.hpp"
#include "test_requests.hpp"
#include "vgpusim/cluster/gang.hpp"
#include "vgpusim/policy/gang_placement.hpp"
#include "vgpusim/workload/stage_kind.hpp"
#include "vgpusim/workload/train.hpp"

using namespace vgpusim;

namespace {

// `servers` servers of 8 whole GPUs, 64 CPUs and 512 GiB each, racks of `rack` servers.
ClusterState eight_gpu_servers(int servers, int rack) {
  ClusterState c;
  PoolSlicing s;
  s.mode = SliceMode::passthrough;
  c.add_pool("p", s, test::synthetic_model("G"), servers, 8, 64000, 512 * 1024);
  c.set_rack_size(rack);
  return c;
}

// Whole GPUs with 16 CPUs and 1600 MiB for the whole request.
Request whole(int64_t id, int gpus) {
  Request r = test::whole_request(id, gpus);
  r.cpu_milli = 16000;
  r.memory_mib = 1600;
  return r;
}

std::vector<int> servers_of(const GangDecision& d) {
  std::vector<int> out;
  if (const auto* g = std::get_if<PlaceGangDecision>(&d))
    for (const Placement& p : g->gang.parts) out.push_back(p.server);
  return out;
}

}  // namespace

TEST_CASE("Gang: a request wider than a server is split over several", "[gang]") {
  ClusterState c = eight_gpu_servers(4, 2);

  SECTION("only requests wider than the widest server are gangs") {
    CHECK_FALSE(needs_gang(c, whole(1, 8)));
    CHECK(needs_gang(c, whole(1, 9)));
    Request milli = test::milli_request(1, 1000, 500);
    CHECK_FALSE(needs_gang(c, milli));
  }
  SECTION("a part asks its GPUs, and CPU and memory in proportion, rounded up") {
    Request p = gang_part_request(whole(7, 12), 4, 1);
    CHECK(p.gpu.count == 4);
    CHECK(p.cpu_milli == 5334);  // 16000 x 4 / 12, rounded up
    CHECK(p.memory_mib == 534);
    CHECK(p.id == gang_part_owner(7, 1));
    CHECK(gang_part_owner(7, 0) == 7);
    CHECK(gang_part_owner(7, 1) != gang_part_owner(8, 1));
  }
  SECTION("fewest servers: the servers with most room first, lowest index on ties") {
    c.allocate(whole(50, 1), *c.best_fit_on(whole(50, 1), 0));  // p[0] keeps 7
    auto d = fewest_servers_gang(whole(1, 16), c);
    CHECK(servers_of(d) == std::vector<int>{1, 2});
    auto g = std::get<PlaceGangDecision>(d).gang;
    CHECK(g.units() == 16);
    CHECK(check_gang(c, whole(1, 16), g));
    allocate_gang(c, whole(1, 16), g);
    CHECK(c.holds(1));
    CHECK(c.holds(gang_part_owner(1, 1)));
    c.release(1);
    c.release(gang_part_owner(1, 1));
    CHECK(c.allocated_milli() == 1000);
  }
  SECTION("fewest racks first, then fewest servers") {
    c.allocate(whole(50, 1), *c.best_fit_on(whole(50, 1), 0));
    GangDecision d = fewest_racks_gang(whole(1, 16), c, 0);
    CHECK(servers_of(d) == std::vector<int>{2, 3});  // rack 1 holds it alone
    CHECK(std::holds_alternative<WaitDecision>(fewest_racks_gang(whole(1, 24), c, 1)));
    CHECK(servers_of(fewest_racks_gang(whole(1, 24), c, 2)) == std::vector<int>{2, 3, 1});
  }
  SECTION("a gang waits when the free GPUs do not add up") {
    CHECK(std::holds_alternative<WaitDecision>(fewest_servers_gang(whole(1, 33), c)));
  }
  SECTION("invalid gang placements are refused with the reason") {
    std::string why;
    GangPlacement one{{*c.best_fit_on(whole(1, 8), 0)}};
    CHECK_FALSE(check_gang(c, whole(1, 8), one, &why));
    CHECK_THAT(why, Catch::Contains("at least two servers"));
    GangPlacement twice{{*c.best_fit_on(whole(1, 8), 0), *c.best_fit_on(whole(1, 8), 0)}};
    CHECK_FALSE(check_gang(c, whole(1, 16), twice, &why));
    CHECK_THAT(why, Catch::Contains("holds two parts"));
    GangPlacement short_of{{*c.best_fit_on(whole(1, 8), 0), *c.best_fit_on(whole(1, 4), 1)}};
    CHECK_FALSE(check_gang(c, whole(1, 16), short_of, &why));
    CHECK_THAT(why, Catch::Contains("hold 12 GPUs; the request asks 16"));
  }
}

TEST_CASE("Gang: train's data-parallel figures", "[gang][workload]") {
  const GpuModel* h100 = Catalog::builtin().find_gpu("H100-SXM5-80GB");
  REQUIRE(h100);
  StageParams p;
  p.numbers = {{"params", 1e9}, {"tokens", 2621440}, {"batch", 64}, {"sequence_length", 2048}};

  SECTION("iterations from tokens and batch; gradients from params and precision") {
    TrainConfig c = TrainConfig::from_params(p);
    CHECK(c.iterations == 20);
    CHECK(c.gradient_bytes == 2e9);  // bf16
    CHECK(c.overlap == Approx(1 - 25.0 * 1048576 / 2e9));
    p.texts["precision"] = "fp32";
    CHECK(TrainConfig::from_params(p).gradient_bytes == 4e9);
  }
  SECTION("across servers, scaling_efficiency covers only a server's own GPUs") {
    TrainCostModel m(TrainConfig::from_params(p));
    StageResources res{h100, 24, 24};
    res.servers = 3;
    const double flops = 6 * 1e9 * 2621440;
    CHECK(m.plan(res).compute_gpu_seconds ==
          Approx(flops / (24 * h100->peak(Precision::bf16) * 0.4 * std::pow(0.95, 3))));
    CHECK(m.plan(res).iterations == 20);
  }
  SECTION("explicit overlap, iterations and rounds; bad values are reported") {
    p.numbers["overlap"] = 0.5;
    p.numbers["iterations"] = 7;
    p.numbers["iterations_per_round"] = 3;
    TrainConfig c = TrainConfig::from_params(p);
    CHECK(c.overlap == 0.5);
    CHECK(c.iterations == 7);
    CHECK(c.iterations_per_round == 3);
    p.numbers["overlap"] = 1.5;
    p.numbers["iterations_per_round"] = 0.5;
    auto issues = validate_train_params(p);
    REQUIRE(issues.size() == 2);
    CHECK(issues[0].key == "overlap");
    CHECK(issues[1].key == "iterations_per_round");
  }
  SECTION("bucket overlap: all buckets but the last") {
    CHECK(bucket_overlap(100e6, 25e6) == Approx(0.75));
    CHECK(bucket_overlap(10e6, 25e6) == 0);
  }
}
