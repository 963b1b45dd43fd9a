// Plan files and the verdict on every point (plan.hpp); engine-free.
#include <catch2/catch.hpp>
#include <filesystem>

#include "test_files.hpp"
#include "vgpusim/sweep/plan.hpp"

using namespace vgpusim;
namespace fs = std::filesystem;

namespace {

std::string plan_file(const std::string& name, const std::string& text) {
  return test::file_beside_base("vgpusim-test-plan", name, text);
}

std::string problems(const std::string& path) {
  return test::problems_of([](const std::string& f) { return load_plan(f); }, path);
}

// Three fleet sizes, two seeds; run numbers filled by the test.
struct Fixture {
  PlanSpec spec;
  SweepPlan plan;
  std::vector<std::map<std::string, double>> nums;
  Fixture() {
    spec.sweep.vary = {{"n", {"2", "4", "8"}, 0}};
    spec.sweep.seeds = {1, 2};
    spec.targets = {{"jct_s.p95", std::nullopt, 3600, "jct_s.p95 <= 1h", true},
                    {"services[*].p99", std::nullopt, 0.1, "p99 <= 100ms", true}};
    plan = expand_sweep(spec.sweep);
    nums.resize(plan.runs.size());
  }
  void set(int run, double jct, double p99a, double p99b, double cost) {
    nums[static_cast<size_t>(run)] = {{"jct_s.p95", jct},
                                      {"services[0].p99", p99a},
                                      {"services[1].p99", p99b},
                                      {"cost.total_usd", cost}};
  }
  PlanResult result() const {
    return evaluate_plan(spec, plan, tabulate_sweep(spec.sweep, plan, nums));
  }
};

}  // namespace

TEST_CASE("Plan: targets, verdicts and the cheapest feasible point", "[sweep]") {
  SECTION("a plan file: a sweep plus targets with units and a cost metric") {
    const PlanSpec s = load_plan(plan_file(
        "ok.yaml",
        "version: 1\nscenario: base.yaml\nvary: {policy.placement: [fgd]}\n"
        "targets:\n  - {metric: jct_s.p95, max: 8h}\n  - {metric: gpus.allocation_mean, min: "
        "0.9}\ncost: energy.total_kwh\n"));
    REQUIRE(s.targets.size() == 2);
    CHECK(*s.targets[0].max == 8 * 3600);
    CHECK(s.targets[0].duration);
    CHECK(*s.targets[1].min == Approx(0.9));
    CHECK_FALSE(s.targets[1].duration);
    CHECK(s.cost == "energy.total_kwh");
  }

  SECTION("every problem of a plan file, located") {
    const std::string p = problems(
        plan_file("bad.yaml",
                  "version: 1\nscenario: base.yaml\nvary: {a: [1]}\ntargets:\n  - {metric: x, max: "
                  "fast}\n  - {metric: y}\n  - {metric: z, maxi: 3}\n"));
    CHECK_THAT(p, Catch::Contains("bad.yaml:5:22: targets[0].max: 'fast' is not a number or a "
                                  "duration; write e.g. 0.9, 250, 100ms, 8h"));
    CHECK_THAT(p, Catch::Contains("bad.yaml:6:5: targets[1]: give `min`, `max` or both"));
    CHECK_THAT(p, Catch::Contains("targets[2].maxi: unknown key 'maxi'; did you mean 'max'?"));
    CHECK_THAT(
        problems(plan_file("none.yaml", "version: 1\nscenario: base.yaml\nvary: {a: [1]}\n")),
        Catch::Contains("targets: missing"));
  }

  SECTION("the cheapest point that meets every target at every seed") {
    Fixture f;
    f.set(0, 7200, 0.05, 0.05, 100);  // n=2: too slow at seed 1
    f.set(1, 3000, 0.05, 0.05, 100);
    f.set(2, 3000, 0.05, 0.05, 200);  // n=4: feasible
    f.set(3, 3500, 0.09, 0.08, 220);
    f.set(4, 1000, 0.01, 0.01, 400);  // n=8: feasible, dearer
    f.set(5, 1000, 0.01, 0.01, 400);
    const PlanResult r = f.result();
    CHECK(r.chosen == 1);
    CHECK(*r.points[1].cost == 210);
    CHECK_FALSE(r.points[0].feasible);
    REQUIRE(r.points[0].misses.size() == 1);
    CHECK(r.points[0].misses[0] == "jct_s.p95 = 2h 00m > 1h 00m (seed 1)");
    CHECK(r.points[2].feasible);
  }

  SECTION("[*] holds for every element; missing runs make a point infeasible") {
    Fixture f;
    f.set(0, 10, 0.05, 0.5, 1);  // service 1 misses its p99
    f.set(1, 10, 0.05, 0.05, 1);
    f.set(2, 10, 0.05, 0.05, 5);  // n=4: run 3 missing
    f.set(4, 10, 0.05, 0.05, 9);
    f.set(5, 10, 0.05, 0.05, 9);
    const PlanResult r = f.result();
    CHECK_THAT(r.points[0].misses[0], Catch::StartsWith("services[1].p99 = 500 ms > 100 ms"));
    CHECK_FALSE(r.points[1].feasible);
    CHECK_THAT(r.points[1].misses[0], Catch::Contains("runs/p001-s2 missing or failed"));
    CHECK(r.chosen == 2);
    CHECK_THAT(plan_text(f.spec, f.plan, r), Catch::Contains("* p002 n=8"));
  }

  SECTION("a run with stuck work makes its point infeasible, whatever its other figures") {
    Fixture f;
    for (int i = 0; i < 6; ++i) f.set(i, 10, 0.05, 0.05, 1.0 + i);
    f.nums[0]["stuck.count"] = 3;  // n=2, seed 1: the cheapest, but work never ran
    f.nums[2]["stuck.count"] = 0;
    const PlanResult r = f.result();
    CHECK_FALSE(r.points[0].feasible);
    REQUIRE(r.points[0].misses.size() == 1);
    CHECK(r.points[0].misses[0] == "stuck.count = 3: work could never progress (seed 1)");
    CHECK(r.points[1].feasible);
    CHECK(r.chosen == 1);
  }
  SECTION("nothing feasible: no choice, and plan.json says null") {
    Fixture f;
    for (int i = 0; i < 6; ++i) f.set(i, 1e6, 0.05, 0.05, 1);
    const PlanResult r = f.result();
    CHECK(r.chosen == -1);
    CHECK_THAT(plan_json(f.spec, f.plan, r), Catch::Contains("\"chosen\": null"));
    CHECK_THAT(plan_text(f.spec, f.plan, r), Catch::Contains("no point meets every target"));
  }
}
