// Sweep files, grid expansion, shards and the merged tables (sweep.hpp); engine-free.
#include <catch2/catch.hpp>
#include <filesystem>

#include "test_files.hpp"
#include "vgpusim/sweep/sweep.hpp"

using namespace vgpusim;
namespace fs = std::filesystem;

namespace {

std::string sweep_file(const std::string& name, const std::string& text) {
  return test::file_beside_base("vgpusim-test-sweep", name, text);
}

std::string problems(const std::string& path) {
  return test::problems_of([](const std::string& f) { return load_sweep(f); }, path);
}

SweepSpec grid() {
  SweepSpec s;
  s.vary = {{"a", {"1", "2", "3"}, 0}, {"b", {"x", "y"}, 0}};
  s.seeds = {7, 8};
  return s;
}

}  // namespace

TEST_CASE("Sweep: loading, expansion, shards and tables", "[sweep]") {
  SECTION("a sweep file: scenario beside it, values as --set text, seeds") {
    const auto path = sweep_file("ok.yaml",
                                 "version: 1\nscenario: base.yaml\nset: {seed: 3}\nvary:\n"
                                 "  policy.placement: [fgd, best-fit]\n"
                                 "  datacenter.pools[0].gpus: [{model: L4, count: 2}]\n"
                                 "replications: 3\n");
    const SweepSpec s = load_sweep(path);
    CHECK(s.name == "ok");
    CHECK(fs::path(s.scenario).filename() == "base.yaml");
    REQUIRE(s.vary.size() == 2);
    CHECK(s.vary[0].values == std::vector<std::string>{"fgd", "best-fit"});
    CHECK(s.vary[1].values == std::vector<std::string>{"{model: L4, count: 2}"});
    CHECK(s.vary[1].line == 6);
    CHECK(s.vary[1].column == 3);
    CHECK(s.fixed == std::vector<std::string>{"seed=3"});
    CHECK(s.fixed_at == std::vector<std::pair<int, int>>{{3, 7}});
    CHECK(s.seeds == std::vector<uint64_t>{1, 2, 3});
  }

  SECTION("every problem of a sweep file, located") {
    const auto path = sweep_file("bad.yaml",
                                 "version: 1\nscenario: nope.yaml\nvary:\n  a: []\n"
                                 "seeds: [1, x]\nreplications: 2\nmetric: [jobs.done]\n");
    const std::string p = problems(path);
    CHECK_THAT(p, Catch::Contains("bad.yaml:2:11: scenario: no such file: "));
    CHECK_THAT(p, Catch::Contains("bad.yaml:4:6: vary.a: a non-empty list of values"));
    CHECK_THAT(p, Catch::Contains("bad.yaml:5:12: seeds[1]: 'x' is not a seed"));
    CHECK_THAT(p, Catch::Contains("replications: give `seeds` or `replications`, not both"));
    CHECK_THAT(p, Catch::Contains("bad.yaml:7:1: metric: unknown key 'metric'"));
    CHECK_THAT(problems(sweep_file("novary.yaml", "version: 1\nscenario: base.yaml\n")),
               Catch::Contains("vary: missing: the grid"));
  }

  SECTION("cases: named override sets, the grid's first axis") {
    const auto path = sweep_file("cases.yaml",
                                 "version: 1\nscenario: base.yaml\ncases:\n"
                                 "  - {name: small, set: {a: 1, b: x}}\n"
                                 "  - {name: big, set: {a: 8, c: '{k: 1}'}}\n"
                                 "vary: {d: [p, q]}\n");
    const SweepSpec spec = load_sweep(path);
    REQUIRE(spec.vary.size() == 2);
    CHECK(spec.vary[0].key == "case");
    CHECK(spec.vary[0].values == std::vector<std::string>{"small", "big"});
    const SweepPlan p = expand_sweep(spec);
    REQUIRE(p.points.size() == 4);
    CHECK(p.sets_of(p.points[1]) == std::vector<std::string>{"a=1", "b=x", "d=q"});
    CHECK(p.sets_of(p.points[2]) == std::vector<std::string>{"a=8", "c={k: 1}", "d=p"});
    const std::string bad = problems(sweep_file(
        "badcases.yaml", "version: 1\nscenario: base.yaml\ncases:\n  - {name: a, set: {x: 1}}\n"
                         "  - {name: a}\n  - {set: {y: 2}}\nvary: {case: [1]}\n"));
    CHECK_THAT(bad, Catch::Contains("badcases.yaml:5:12: cases[1].name: 'a' names two cases"));
    CHECK_THAT(bad, Catch::Contains("cases[1].set: missing: the case's overrides"));
    CHECK_THAT(bad, Catch::Contains("cases[2].name: is required"));
    CHECK_THAT(bad, Catch::Contains("vary.case: `case` is the axis of `cases:`"));
  }

  SECTION("the grid: first axis slowest, seeds innermost, run directories") {
    const SweepPlan p = expand_sweep(grid());
    REQUIRE(p.points.size() == 6);
    CHECK(p.points[1].sets() == std::vector<std::string>{"a=1", "b=y"});
    CHECK(p.points[4].sets() == std::vector<std::string>{"a=3", "b=x"});
    SweepSpec fixed = grid();
    fixed.fixed = {"policy.placement=fgd"};
    const SweepPlan f = expand_sweep(fixed);
    CHECK(f.sets_of(f.points[4]) == std::vector<std::string>{"policy.placement=fgd", "a=3", "b=x"});
    REQUIRE(p.runs.size() == 12);
    CHECK(p.runs[3].point == 1);
    CHECK(p.runs[3].seed == 8);
    CHECK(p.runs[3].dir == "runs/p001-s8");
    SweepSpec one;
    const SweepPlan q = expand_sweep(one);  // no grid, no seeds: the scenario as it is
    REQUIRE(q.runs.size() == 1);
    CHECK(q.runs[0].dir == "runs/p000");
    CHECK_FALSE(q.runs[0].has_seed);
  }

  SECTION("shards split the runs round robin and cover them once") {
    const SweepPlan p = expand_sweep(grid());
    std::vector<int> count(p.runs.size());
    for (int i = 1; i <= 5; ++i)
      for (const auto& r : p.runs)
        if (parse_shard(std::to_string(i) + "/5").contains(r))
          ++count[static_cast<size_t>(r.index)];
    CHECK(std::all_of(count.begin(), count.end(), [](int c) { return c == 1; }));
    for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "1/2x"})
      CHECK_THROWS_WITH(parse_shard(bad), Catch::Contains("is not a shard; write I/N"));
  }

  SECTION("tables: mean, min and max over the seeds present; missing runs said") {
    const SweepSpec s = grid();
    const SweepPlan p = expand_sweep(s);
    std::vector<std::map<std::string, double>> nums(p.runs.size());
    nums[0] = {{"makespan_s", 10}, {"jobs.done", 4}};
    nums[1] = {{"makespan_s", 20}, {"jobs.done", 4}};
    nums[2] = {{"makespan_s", 5}};
    const SweepTable t = tabulate_sweep(s, p, nums);
    CHECK(t.metrics == std::vector<std::string>{"jobs.done", "makespan_s"});  // defaults present
    CHECK(t.runs_present == 3);
    const auto& m = t.points[0].at("makespan_s");
    CHECK(m.n == 2);
    CHECK(m.mean == 15);
    CHECK(m.min == 10);
    CHECK(m.max == 20);
    const std::string runs = sweep_runs_csv(s, p, t);
    CHECK_THAT(runs, Catch::StartsWith("run,point,seed,status,a,b,jobs.done,makespan_s\n"
                                       "0,p000,7,done,1,x,4,10\n"));
    CHECK_THAT(runs, Catch::Contains("3,p001,8,missing,1,y,,\n"));
    CHECK_THAT(sweep_points_csv(s, p, t), Catch::Contains("p001,1,1,y,,,,5,5,5\n"));
  }

  SECTION("sweep.html: axes in the metric's unit, ranged to show differences, whiskers") {
    SweepSpec s = grid();
    s.metrics = {"gpus.allocation_mean", "jct_s.p95"};
    const SweepPlan p = expand_sweep(s);
    std::vector<std::map<std::string, double>> nums(p.runs.size());
    for (size_t i = 0; i < nums.size(); ++i)  // 93 % to 95 %, 7.5 h to 9.5 h
      nums[i] = {{"gpus.allocation_mean", 0.93 + 0.02 * static_cast<double>(i % 2)},
                 {"jct_s.p95", 27000 + 7200.0 * static_cast<double>(i % 2)}};
    const std::string html = sweep_html(s, p, tabulate_sweep(s, p, nums));
    CHECK_THAT(html, Catch::Contains("GPU allocation, mean (gpus.allocation_mean), % (axis not from 0)"));
    CHECK_THAT(html, Catch::Contains("JCT p95 (jct_s.p95), h (axis not from 0)"));
    CHECK_THAT(html, Catch::Contains("text-anchor=\"end\">95.0</text>"));  // a tick in %
    CHECK_THAT(html, !Catch::Contains("text-anchor=\"end\">0</text>"));  // no axis from 0
    CHECK_THAT(html, Catch::Contains("mean 94.0 % over 2 seeds, 93.0 % to 95.0 %"));  // whisker
    CHECK_THAT(html, Catch::Contains("mean 8h 30m over 2 seeds, 7h 30m to 9h 30m"));
    CHECK_THAT(html, !Catch::Contains("rotate("));  // no rotated axis title
  }

  SECTION("summary numbers: every numeric leaf by its key path, list elements indexed") {
    auto n = summary_numbers(R"({"schema_version": 1, "jobs": {"done": 3}, "name": "x",
                                 "gpus": {"a": [1, 2]},
                                 "cost": {"total_usd": 1.5e3}})",
                             "s.json");
    CHECK(n.at("jobs.done") == 3);
    CHECK(n.at("cost.total_usd") == 1500);
    CHECK(n.count("name") == 0);
    CHECK(n.at("gpus.a[1]") == 2);
    CHECK_THROWS_WITH(summary_numbers("[1, 2]", "s.json"), Catch::Contains("s.json"));
  }
}
