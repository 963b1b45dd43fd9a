#include <catch2/catch.hpp>

#include <string>

#include "test_problems.hpp"
#include "vgpusim/policy/policy.hpp"
#include "vgpusim/scenario/scenario_loader.hpp"

using namespace vgpusim;
using test::problems;

namespace {

std::string with_policy(const std::string& policy) {
  return R"(version: 1
name: t
datacenter:
  pools:
    - {name: a, count: 2, gpus: {model: A100-PCIe-80GB, count: 4}, mode: vgpu}
workflows:
  - name: w
    arrival: {at: [0s]}
    stages:
      - {name: t, kind: train, vgpu: A100D-20C, flops: 1e15}
policy: )" + policy + "\n";
}

}  // namespace

TEST_CASE("Loader: policy parameters are checked against what the policy declares",
          "[loader][params]") {
  SECTION("a declared parameter is kept, written back in base units") {
    const Scenario s = load_scenario_text(
        with_policy("{placement: consolidate, params: {max_moves: 7, max_source_load: 0.25}}"),
        "s.yaml");
    CHECK(s.policy.params.at("max_moves") == "7");
    CHECK(s.policy.params.at("max_source_load") == "0.25");
  }
  SECTION("an unknown parameter is an error with a did-you-mean and the known ones") {
    const auto p = problems(with_policy("{placement: consolidate, params: {max_move: 4}}"));
    REQUIRE(p.size() == 1);
    CHECK(p[0] ==
          "s.yaml:11:43: policy.params.max_move: unknown parameter 'max_move' of placement "
          "policy 'consolidate'; did you mean 'max_moves'? (it takes: max_moves, "
          "max_source_load)");
  }
  SECTION("a policy that declares none takes none") {
    const auto p = problems(with_policy("{placement: first-fit, params: {max_moves: 4}}"));
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::EndsWith("policy.params.max_moves: placement policy 'first-fit' "
                                     "takes no parameters"));
  }
  SECTION("nan, words and out-of-range values are refused at load time") {
    CHECK_THAT(problems(with_policy("{placement: defrag, params: {max_moves: nan}}")).at(0),
               Catch::Contains("policy.params.max_moves: 'nan' must be a finite"));
    CHECK_THAT(problems(with_policy("{placement: defrag, params: {max_moves: abc}}")).at(0),
               Catch::Contains("policy.params.max_moves:"));
    CHECK_THAT(
        problems(with_policy("{placement: consolidate, params: {max_source_load: 2}}")).at(0),
        Catch::Contains("policy.params.max_source_load: '2' is out of range: number [0, 1]"));
    CHECK_THAT(problems(with_policy("{placement: defrag, params: {max_tries: 0}}")).at(0),
               Catch::Contains("policy.params.max_tries: '0' is out of range: integer [1, "
                               "10000000]"));
  }
  SECTION("a choice parameter lists its choices") {
    CHECK_THAT(problems(with_policy("{placement: best-fit, params: {ties: first}}")).at(0),
               Catch::Contains("policy.params.ties: 'first' is not allowed; one of: "
                               "permutation, index"));
  }
  SECTION("an unknown placement name does not also report its parameters") {
    const auto p = problems(with_policy("{placement: best-fitt, params: {ties: index}}"));
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::Contains("did you mean 'best-fit'?"));
  }
  SECTION("the queue discipline's backfill and an unknown discipline's did-you-mean") {
    CHECK(load_scenario_text(with_policy("{queue: sjf, backfill: true}"), "s.yaml")
              .policy.backfill == "easy");
    CHECK_THAT(problems(with_policy("{queue: fifoo}")).at(0),
               Catch::Contains("(did you mean 'fifo'?)"));
  }
}

TEST_CASE("Loader: slicing keys are the slicing rules' parameters", "[loader][params]") {
  auto pool = [](const std::string& vgpu) {
    return std::string(R"(version: 1
name: t
datacenter:
  pools:
    - {name: a, count: 1, gpus: {model: A100-PCIe-80GB, count: 1}, mode: vgpu, vgpu: )") +
           vgpu + R"(}
workflows:
  - name: w
    arrival: {at: [0s]}
    stages:
      - {name: t, kind: train, vgpu: A100D-20C, flops: 1e15}
)";
  };
  SECTION("values within the declared ranges are read") {
    const Scenario s = load_scenario_text(
        pool("{scheduler: equal_share, time_slice: 1ms, switch_overhead: 0.05}"), "s.yaml");
    CHECK(s.pools[0].slicing.scheduler == VgpuScheduler::equal_share);
    CHECK(s.pools[0].slicing.time_slice_s == Approx(0.001));
    CHECK(s.pools[0].slicing.switch_overhead == Approx(0.05));
  }
  SECTION("a time slice outside the declared range") {
    CHECK_THAT(problems(pool("{time_slice: 0s}")).at(0),
               Catch::Contains("datacenter.pools[0].vgpu.time_slice: 0 ms is out of range: "
                               "NVIDIA's schedulers take 1ms to 30ms"));
  }
  SECTION("fixed_share is not a choice of mixed-size vGPU") {
    CHECK_THAT(problems(pool("{size_mode: mixed, scheduler: fixed_share}")).at(0),
               Catch::Contains("vgpu.scheduler: 'fixed_share' is not allowed; one of: "
                               "best_effort, equal_share"));
  }
}

TEST_CASE("Loader: a stage no pool could ever host is refused", "[loader][feasible]") {
  auto scenario = [](const std::string& pool, const std::string& stage) {
    return R"(version: 1
name: t
datacenter:
  pools:
    - )" + pool + R"(
workflows:
  - name: w
    arrival: {at: [0s]}
    stages:
      - )" + stage + "\n";
  };
  SECTION("more vCPUs than any server has") {
    const auto p = problems(scenario("{name: a, count: 1, server: {cpus: 8}, gpus: {model: L4, count: 1}}",
                                     "{name: t, kind: train, gpus: 1, vcpus: 16, flops: 1e12}"));
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::Contains("workflows[0].stages[0]: no pool can ever host this stage "
                                     "(1 whole GPU, 16 vCPUs and 16 GiB of memory: the servers "
                                     "whose GPUs fit have too few vCPUs or too little memory); "
                                     "pools: a (1 x L4, mode passthrough, 8 vCPUs, 512 GiB)"));
  }
  SECTION("more memory than any server has, also for a CPU-only stage") {
    const auto p = problems(scenario("{name: a, count: 1, server: {memory: 64GiB}, gpus: {model: L4, count: 1}}",
                                     "{name: t, kind: prep, engine: cpu, memory: 128GiB, data: 1GB}"));
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::Contains("4 vCPUs and 128 GiB of memory"));
  }
  SECTION("a MIG profile absent from the only pool's fixed layout") {
    const auto p = problems(scenario(
        "{name: m, count: 1, gpus: {model: A100-PCIe-80GB, count: 1}, mode: mig, mig: {layout: [3g.40gb, 3g.40gb]}}",
        "{name: t, kind: train, vgpu: A100D-1-10C, flops: 1e12}"));
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::Contains("mode mig [3g.40gb, 3g.40gb]"));
  }
  SECTION("the same profile in the layout is hostable") {
    CHECK(problems(scenario("{name: m, count: 1, gpus: {model: A100-PCIe-80GB, count: 1}, mode: mig, "
                            "mig: {layout: [3g.40gb, 3g.40gb]}}",
                            "{name: t, kind: train, vgpu: A100D-3-40C, flops: 1e12}"))
              .empty());
  }
}

TEST_CASE("Loader: values beyond what the simulator handles are refused", "[loader][ranges]") {
  const std::string base = with_policy("{placement: first-fit}");
  SECTION("a horizon beyond 1e9 s") {
    LoadOptions o;
    o.sets = {"horizon=1e300s"};
    const auto p = problems(base, o);
    REQUIRE(p.size() == 1);
    CHECK(p[0] == "--set horizon=1e300s: horizon: '1e300s' is outside what the simulator "
                  "handles: durations up to 1e9 s (about 31 years)");
  }
  SECTION("a migration period below a second") {
    LoadOptions o;
    o.sets = {"migration.period=1us"};
    CHECK_THAT(problems(base, o).at(0), Catch::Contains("migration.period: must be at least 1s"));
  }
  SECTION("a bandwidth below 1 kB/s") {
    LoadOptions o;
    o.sets = {"datacenter.storage.bandwidth=8bps"};
    CHECK_THAT(problems(base, o).at(0), Catch::Contains("bandwidths of 0 (not set) or from 1 kB/s"));
  }
  SECTION("a seed beyond 2^63 - 1") {
    LoadOptions o;
    o.sets = {"seed=9223372036854775808"};
    CHECK_THAT(problems(base, o).at(0), Catch::Contains("seed: '9223372036854775808' must be a "
                                                        "whole number"));
  }
}
