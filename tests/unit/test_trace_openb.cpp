// The Alibaba openb importer: parsing, errors, the arrival stream, FGD's target workload
// and the allocation-vs-arrived curve.
#include <catch2/catch.hpp>
#include <numeric>
#include <sstream>

#include "vgpusim/policy/random_draw.hpp"
#include "vgpusim/trace/alibaba_openb.hpp"

using namespace vgpusim;

namespace {
const std::string kData = std::string(VGPUSIM_TEST_DATA) + "/openb/";
const std::string kPodHeader =
    "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,"
    "deletion_time,scheduled_time\n";

std::vector<OpenbPod> pods_from(const std::string& text) {
  std::istringstream in(text);
  return parse_openb_pods(in, "x.csv");
}

int64_t total_milli(const std::vector<OpenbPod>& pods, const std::vector<size_t>& s) {
  int64_t t = 0;
  for (size_t i : s) t += pods[i].total_gpu_milli();
  return t;
}
}  // namespace

TEST_CASE("Trace: openb files parse, with FILE:LINE errors") {
  SECTION("node and pod lists") {
    const auto nodes = read_openb_nodes(kData + "nodes.csv");
    REQUIRE(nodes.size() == 3);
    CHECK(nodes[0].sn == "openb-node-0000");
    CHECK(nodes[0].cpu_milli == 64000);
    CHECK(nodes[0].gpu == 2);
    CHECK(nodes[0].model == "P100");
    CHECK(openb_capacity_milli(nodes) == 6000);
    const auto pods = read_openb_pods(kData + "pods.csv");
    REQUIRE(pods.size() == 5);
    CHECK(pods[2].gpu_spec == std::vector<std::string>{"P100", "T4"});
    CHECK(pods[3].num_gpu == 0);
    CHECK(pods[3].scheduled_time == -1);  // empty: never scheduled
    CHECK(pods[4].total_gpu_milli() == 2000);
    CHECK(pods[4].line == 6);
  }
  SECTION("the cluster keeps the file's server order") {
    auto c = build_openb_cluster(read_openb_nodes(kData + "nodes.csv"));
    REQUIRE(c->state.servers().size() == 3);
    CHECK(c->state.gpus().size() == 6);
    CHECK(c->state.server(2).cpu_milli == 64000);
    CHECK(c->state.pools()[0].slicing.mode == SliceMode::shared);
  }
  SECTION("requests") {
    const auto pods = read_openb_pods(kData + "pods.csv");
    Request r = openb_request(pods[2], 7);
    CHECK(r.id == 7);
    CHECK(r.label == "openb-pod-0001");
    CHECK(r.gpu.kind == GpuDemand::Kind::milli);
    CHECK(r.gpu.milli == 460);
    CHECK(r.gpu.count == 1);
    CHECK(r.gpu.gpu_models.size() == 2);
    CHECK(openb_request(pods[3], 1).gpu.kind == GpuDemand::Kind::none);
  }
  SECTION("a bad integer names file, line and column") {
    CHECK_THROWS_WITH(
        pods_from(kPodHeader + "p0,100,1,1,460,,LS,Running,0,1,0\np1,1x,1,1,1,,,,,,\n"),
        "x.csv:3: column 'cpu_milli': expected an integer, got '1x'");
  }
  SECTION("a missing column, a short row, an impossible demand") {
    CHECK_THROWS_WITH(pods_from("name,cpu_milli\n"), Catch::StartsWith("x.csv:1: missing column"));
    CHECK_THROWS_WITH(pods_from(kPodHeader + "p0,100,1\n"), "x.csv:2: expected 11 fields, got 3");
    CHECK_THROWS_WITH(pods_from(kPodHeader + "p0,100,1,2,500,,,,,,\n"),
                      Catch::StartsWith("x.csv:2: num_gpu 2 with gpu_milli 500"));
    CHECK_THROWS_WITH(pods_from(kPodHeader + "p0,100,1,1,1200,,,,,,\n"),
                      Catch::Contains("out of range"));
  }
  SECTION("a missing file") {
    CHECK_THROWS_WITH(read_openb_nodes("/nonexistent/n.csv"),
                      "/nonexistent/n.csv: cannot open the trace file");
  }
}

TEST_CASE("Trace: arrival stream inflation and thinning") {
  const auto pods = read_openb_pods(kData + "pods.csv");  // 3920 milli in all
  SECTION("inflation to 1.3 x 6000: name-sorted, shuffled, then draws until one would pass") {
    const auto s = openb_arrival_stream(pods, 6000, 1.3, 42);
    // The same steps, spelled out with the documented draws.
    std::vector<size_t> sorted{1, 2, 3, 0, 4};  // pods by name
    std::mt19937_64 rng(42);
    std::vector<size_t> want = sorted;
    shuffle_portable(want, rng);
    int64_t total = 3920;
    for (;;) {
      const size_t pick = sorted[draw_below(rng, sorted.size())];
      if (total + pods[pick].total_gpu_milli() > 7800) break;
      want.push_back(pick);
      total += pods[pick].total_gpu_milli();
    }
    CHECK(s == want);
    CHECK(total_milli(pods, s) <= 7800);
    CHECK(s.size() > 5);
    std::vector<size_t> head(s.begin(), s.begin() + 5);
    std::sort(head.begin(), head.end());
    CHECK(head == std::vector<size_t>{0, 1, 2, 3, 4});  // every original task once first
  }
  SECTION("thinning to 0.5 x 6000 removes random tasks until at or under the target") {
    const auto s = openb_arrival_stream(pods, 6000, 0.5, 3);
    CHECK(total_milli(pods, s) <= 3000);
    CHECK(s.size() < 5);
  }
  SECTION("the stream depends on the seed only") {
    CHECK(openb_arrival_stream(pods, 6000, 1.3, 1) == openb_arrival_stream(pods, 6000, 1.3, 1));
    CHECK(openb_arrival_stream(pods, 6000, 1.3, 1) != openb_arrival_stream(pods, 6000, 1.3, 2));
  }
  SECTION("draw_below is unbiased enough and in range") {
    std::mt19937_64 rng(5);
    std::vector<int> hist(3);
    for (int i = 0; i < 30000; ++i) ++hist[draw_below(rng, 3)];
    for (int h : hist) CHECK(std::abs(h - 10000) < 400);
  }
}

TEST_CASE("Trace: FGD target workload and the allocation curve") {
  const auto pods = read_openb_pods(kData + "pods.csv");
  SECTION("types until >= coverage, ties in key order, popularity renormalised") {
    const auto w = openb_target_workload(pods, 0.6);
    REQUIRE(w.types.size() == 3);
    CHECK(w.types[0].num_gpu == 0);  // the CPU-only type (4000, 0, 0) is a type too
    CHECK(w.types[1].cpu_milli == 6000);
    CHECK(w.types[1].gpu_models.empty());
    CHECK(w.types[2].gpu_models.size() == 2);
    for (const auto& t : w.types) CHECK(t.popularity == Approx(1.0 / 3));
    CHECK(openb_target_workload(pods).types.size() == 5);  // 95% needs all five
  }
  SECTION("curve bins: mean allocated percent over tasks whose arrived percent rounds to x") {
    const auto c = allocation_curve({0, 4, 6, 1004, 1300, 1306}, {0, 4, 6, 500, 900, 950}, 1000);
    REQUIRE(c.size() == 131);
    CHECK(c[0].tasks == 2);
    CHECK(c[0].allocated_pct == Approx(0.2));
    CHECK(c[1].tasks == 1);
    CHECK(c[1].allocated_pct == Approx(0.6));
    CHECK(c[2].tasks == 0);
    CHECK(c[100].allocated_pct == Approx(50));
    CHECK(c[130].tasks == 1);  // 130.6 rounds to 131: outside the curve
    CHECK(c[130].allocated_pct == Approx(90));
  }
}
