#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <string>

#include "test_problems.hpp"
#include "vgpusim/scenario/memory_estimate.hpp"
#include "vgpusim/scenario/scenario_loader.hpp"

using namespace vgpusim;
using test::problems;

namespace {

std::string scenario(const std::string& arrival, const std::string& top = "",
                     const std::string& servers = "2") {
  return R"(version: 1
name: t
)" + top + R"(
datacenter:
  pools:
    - {name: a, count: )" +
         servers + R"(, gpus: {model: A100-PCIe-80GB, count: 4}, mode: passthrough}
workflows:
  - name: w
    arrival: )" + arrival + R"(
    stages:
      - {name: p, kind: prep, data: 1GB, engine: cpu}
      - {name: t, kind: train, gpus: 1, flops: 1e15, after: p}
      - {name: s, kind: serve, gpus: 1, replicas: 2, requests: {rate: 100/s, duration: 10s},
         service_time: 1ms, after: t}
)";
}

double part(const MemoryEstimate& e, const std::string& what) {
  for (const auto& [name, bytes] : e.parts)
    if (name == what) return bytes;
  return -1;
}

MemoryBudget budget(double resident, double address_space = 0) {
  return MemoryBudget{resident, address_space, "test"};
}

}  // namespace

TEST_CASE("MemoryEstimate: what a run holds, from the scenario's counts", "[memory]") {
  SECTION("listed arrivals: jobs, stage runs (a serve stage's replicas each), requests") {
    const MemoryEstimate e =
        estimate_memory(load_scenario_text(scenario("{at: [0s, 1s, 2s]}"), "s.yaml"));
    CHECK(part(e, "3 jobs") == 3 * 512.0);
    CHECK(part(e, "12 stage runs") == 12 * 3.5 * 1024);  // 3 jobs x (prep, train, 2 replicas)
    CHECK(part(e, "3,000 requests queued at worst") == 3000 * 8.0);  // 3 jobs x 100/s x 10 s
    CHECK(part(e, "2 servers") > 0);
    CHECK(part(e, "8 GPUs") > 0);
    CHECK(e.parts.front().first == "program");
    double sum = 0;
    for (const auto& p : e.parts) sum += p.second;
    CHECK(e.resident == Approx(sum));
    // Two agents' stacks and the other actors' beside the resident set.
    CHECK(e.address_space > e.resident + 2 * kActorStackKiB * 1024.0);
  }
  SECTION("a Poisson count, cut by the horizon at its expected number") {
    const auto counted = estimate_memory(
        load_scenario_text(scenario("{process: poisson, rate: 10/s, count: 50}"), "s.yaml"));
    CHECK(part(counted, "50 jobs") == 50 * 512.0);
    const auto cut = estimate_memory(load_scenario_text(
        scenario("{process: poisson, rate: 10/s, count: 50, start: 1s}", "horizon: 3s"),
        "s.yaml"));
    CHECK(part(cut, "20 jobs") == 20 * 512.0);
    const auto unbounded = estimate_memory(load_scenario_text(
        scenario("{process: poisson, rate: 2/s}", "horizon: 1h"), "s.yaml"));
    CHECK(part(unbounded, "7,200 jobs") == 7200 * 512.0);
  }
  SECTION("the problem names the total, the parts and the budget's source; none when it fits") {
    const MemoryEstimate e =
        estimate_memory(load_scenario_text(scenario("{at: [0s]}"), "s.yaml"));
    CHECK(memory_problem(e, budget(1e12)).empty());
    CHECK(memory_problem(e, budget(0)).empty());  // unknown physical memory: no check
    const std::string p = memory_problem(e, budget(1 << 20));
    CHECK_THAT(p, Catch::Contains("a run would need about"));
    CHECK_THAT(p, Catch::Contains("1 jobs 512 B"));
    CHECK_THAT(p, Catch::Contains("more than the budget of 1 MiB (test)"));
    CHECK_THAT(p, Catch::Contains("--memory-budget"));
    const std::string as = memory_problem(e, budget(1e12, 1 << 20));
    CHECK_THAT(as, Catch::Contains("of address space"));
    CHECK_THAT(as, Catch::Contains("(ulimit -v)"));
  }
  SECTION("validate refuses 10^9 jobs and an endless stream at once, with the numbers") {
    const auto start = std::chrono::steady_clock::now();
    const auto billion =
        problems(scenario("{process: poisson, rate: 10/s, count: 1000000000}"));
    const auto stream = problems(scenario("{process: poisson, rate: 1e6/s}", "horizon: 1e9s"));
    const auto fast = problems(scenario("{process: poisson, rate: 1e12/s}", "horizon: 1h"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
    REQUIRE(billion.size() == 1);
    CHECK_THAT(billion[0], Catch::StartsWith("s.yaml: a run would need about"));
    CHECK_THAT(billion[0], Catch::Contains("1,000,000,000 jobs 477 GiB"));
    REQUIRE(stream.size() == 1);
    CHECK_THAT(stream[0], Catch::Contains("1e+15 jobs"));
    REQUIRE(fast.size() == 1);
    CHECK_THAT(fast[0], Catch::Contains("rates up to 1e6/s"));
  }
  SECTION("--memory-budget replaces the default; a bad one is an input error") {
    LoadOptions lo;
    lo.memory_budget = "1MiB";
    const auto small = problems(scenario("{at: [0s]}"), lo);
    REQUIRE(small.size() == 1);
    CHECK_THAT(small[0], Catch::Contains("(--memory-budget 1MiB)"));
    lo.memory_budget = "1TiB";
    CHECK(problems(scenario("{at: [0s]}"), lo).empty());
    lo.memory_budget = "12";
    REQUIRE(problems(scenario("{at: [0s]}"), lo).size() == 1);
    CHECK_THAT(problems(scenario("{at: [0s]}"), lo)[0], Catch::Contains("needs a unit"));
  }
  SECTION("VGPUSIM_MEMORY_BUDGET sets the default; a bad value is an input error") {
    ::setenv("VGPUSIM_MEMORY_BUDGET", "2GiB", 1);
    const MemoryBudget b = default_memory_budget();
    ::setenv("VGPUSIM_MEMORY_BUDGET", "lots", 1);
    CHECK_THROWS_AS(default_memory_budget(), InputError);
    ::unsetenv("VGPUSIM_MEMORY_BUDGET");
    CHECK(b.resident == 2.0 * (1 << 30));
    CHECK(b.source == "VGPUSIM_MEMORY_BUDGET=2GiB");
    CHECK(default_memory_budget().resident > 0);  // the machine's memory
  }
}
