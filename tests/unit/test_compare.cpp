#include <catch2/catch.hpp>

#include "test_problems.hpp"
#include "vgpusim/compare/compare.hpp"
#include "vgpusim/compare/render.hpp"
#include "vgpusim/util/diagnostics.hpp"

using namespace vgpusim;
using namespace vgpusim::compare;

namespace {

Rule rule(Better better, const std::string& tolerance, const std::string& metric = "m") {
  Rule r;
  r.metric = metric;
  r.better = better;
  r.tolerance = parse_tolerance(tolerance).value();
  return r;
}

/// A summary.json with the figures a test varies; `extra` goes in as more top-level keys.
std::string summary_json(double allocation, int done, const std::string& extra = "",
                         const std::string& scenario = "s", int seed = 1) {
  return "{\n"
         "  \"schema_version\": 1,\n"
         "  \"scenario\": \"" +
         scenario + "\",\n  \"seed\": " + std::to_string(seed) +
         ",\n"
         "  \"policy\": \"fgd\",\n"
         "  \"jobs\": {\"done\": " +
         std::to_string(done) +
         ", \"failed\": 0},\n"
         "  \"gpus\": {\"allocation_mean\": " +
         std::to_string(allocation) + "},\n" + extra +
         "  \"services\": [{\"latency_s\": {\"p99\": 0.5}}]\n"
         "}\n";
}

template <typename F>
std::vector<std::string> problems(F f) {
  return test::problems_of(f);
}

std::vector<std::string> rules_problems(const std::string& text) {
  return problems([&] { parse_rules(text, "r.yaml"); });
}

Comparison compare_texts(const std::string& base, const std::string& cand, const Rules& rules) {
  return evaluate(parse_summary(base, "base.json"), parse_summary(cand, "cand.json"), rules);
}

}  // namespace

TEST_CASE("Compare: a rule judges the change against its tolerance", "[compare]") {
  SECTION("lower is better, relative tolerance") {
    const Rule r = rule(Better::lower, "5%");
    CHECK(judge(r, 100, 104) == Verdict::ok);
    CHECK(judge(r, 100, 105) == Verdict::ok);  // exactly the tolerance
    CHECK(judge(r, 100, 105.5) == Verdict::regressed);
    CHECK(judge(r, 100, 95) == Verdict::ok);
    CHECK(judge(r, 100, 94) == Verdict::improved);
  }
  SECTION("higher is better, absolute tolerance") {
    const Rule r = rule(Better::higher, "0.1");
    CHECK(judge(r, 95, 94.9) == Verdict::ok);  // 95 - 94.9 is 0.1 give or take rounding
    CHECK(judge(r, 95, 94.85) == Verdict::regressed);
    CHECK(judge(r, 95, 95.1) == Verdict::ok);
    CHECK(judge(r, 95, 95.2) == Verdict::improved);
  }
  SECTION("an ungated rule is information whatever the change") {
    Rule r = rule(Better::higher, "0");
    r.gated = false;
    CHECK(judge(r, 0.65, 0.56) == Verdict::info);
    CHECK(judge(r, 0.56, 0.65) == Verdict::info);
  }
  SECTION("zero tolerance: any move counts") {
    const Rule r = rule(Better::higher, "0");
    CHECK(judge(r, 10, 10) == Verdict::ok);
    CHECK(judge(r, 10, 9) == Verdict::regressed);
    CHECK(judge(r, 10, 11) == Verdict::improved);
  }
  SECTION("a relative tolerance of a zero baseline allows nothing") {
    const Rule r = rule(Better::lower, "50%");
    CHECK(judge(r, 0, 0) == Verdict::ok);
    CHECK(judge(r, 0, 0.001) == Verdict::regressed);
    CHECK(judge(r, 0, -0.001) == Verdict::improved);
    CHECK(MetricResult{r, 0, 0.001}.change_pct() == std::nullopt);
    CHECK(MetricResult{r, 0, 0}.change_pct() == 0);
  }
  SECTION("a negative baseline: the tolerance is a share of its size") {
    const Rule r = rule(Better::higher, "10%");
    CHECK(judge(r, -10, -10.5) == Verdict::ok);
    CHECK(judge(r, -10, -11.5) == Verdict::regressed);
    CHECK(MetricResult{r, -10, -11}.change_pct() == Approx(-10));
  }
}

TEST_CASE("Compare: tolerances are an amount or a percentage", "[compare]") {
  SECTION("accepted") {
    CHECK(parse_tolerance("0.5")->value == 0.5);
    CHECK_FALSE(parse_tolerance("0.5")->relative);
    CHECK(parse_tolerance("5%")->value == Approx(0.05));
    CHECK(parse_tolerance("5%")->relative);
    CHECK(parse_tolerance("0")->value == 0);
    CHECK(parse_tolerance("2.5%")->to_string() == "2.5%");
    CHECK(parse_tolerance("0.1")->to_string() == "0.1");
  }
  SECTION("refused") {
    for (const char* bad : {"-1", "-5%", "5 %", " 5", "5%%", "", "%", "abc", "nan", "inf", "1e400"})
      CHECK_FALSE(parse_tolerance(bad).has_value());
  }
  SECTION("key paths") {
    CHECK(valid_key_path("jct_s.p95"));
    CHECK(valid_key_path("services[0].latency_s.p99"));
    CHECK(valid_key_path("makespan_s"));
    CHECK_FALSE(valid_key_path("jct_s..p95"));
    CHECK_FALSE(valid_key_path(".jct_s"));
    CHECK_FALSE(valid_key_path("services[x].a"));
    CHECK_FALSE(valid_key_path("services[]"));
    CHECK_FALSE(valid_key_path("a b"));
  }
}

TEST_CASE("Compare: a rules file is read with every problem located", "[compare]") {
  SECTION("a valid file") {
    Rules r = parse_rules(
        "version: 1\nrules:\n"
        "  - {metric: jct_s.p95, better: lower, tolerance: 5%}\n"
        "  - {metric: packing.allocated_pct_final, better: higher, tolerance: 0.1}\n"
        "  - {metric: jobs.done, better: higher}\n",
        "r.yaml");
    REQUIRE(r.rules.size() == 3);
    CHECK_FALSE(r.builtin());
    CHECK(r.rules[0].metric == "jct_s.p95");
    CHECK(r.rules[0].better == Better::lower);
    CHECK(r.rules[0].tolerance.relative);
    CHECK(r.rules[1].tolerance.value == 0.1);
    CHECK(r.rules[2].tolerance.value == 0);  // exact by default
    CHECK(r.rules[1].line == 4);
    CHECK(r.rules[1].column == 14);
    CHECK(r.rules[1].path == "rules[1].metric");
  }
  SECTION("every problem at once, with did-you-mean and the allowed values") {
    auto p = rules_problems(
        "version: 1\nrules:\n"
        "  - {metric: jct_s.p95, better: lower, tolerance: 5x}\n"
        "  - {metric: gpus.allocation_mean, beter: higher}\n"
        "  - {metric: makespan_s, better: bigger}\n"
        "  - {metric: jct_s.p95, better: lower}\n"
        "  - {metric: jct_s..p95, better: lower}\n");
    REQUIRE(p.size() == 6);
    CHECK(p[0] ==
          "r.yaml:3:51: rules[0].tolerance: '5x' is not a tolerance; write an amount in the "
          "metric's unit (0.5) or a percentage of the baseline (5%), not negative");
    CHECK(p[1] ==
          "r.yaml:4:36: rules[1].beter: unknown key 'beter'; did you mean 'better'? "
          "(allowed: metric, better, tolerance)");
    CHECK(p[2] == "r.yaml:4:5: rules[1].better: is required");
    CHECK(p[3] ==
          "r.yaml:5:34: rules[2].better: 'bigger' is not allowed; one of: higher, lower "
          "(did you mean 'higher'?)");
    CHECK(p[4] == "r.yaml:6:14: rules[3].metric: 'jct_s.p95' already has a rule (rules[0])");
    CHECK_THAT(p[5], Catch::StartsWith("r.yaml:7:14: rules[4].metric: 'jct_s..p95' is not a "
                                       "key path of summary.json"));
  }
  SECTION("top level") {
    CHECK(rules_problems("version: 2\nrule: []\n") ==
          std::vector<std::string>{
              "r.yaml:2:1: rule: unknown key 'rule'; did you mean 'rules'? (allowed: version, "
              "rules)",
              "r.yaml:1:10: version: unsupported rules version 2; this vgpusim reads version 1",
              "r.yaml:1:1: rules: is required: a list of {metric, better, tolerance}"});
    CHECK(rules_problems("version: 1\nrules: []\n") ==
          std::vector<std::string>{"r.yaml:2:8: rules: is empty; give at least one rule"});
    CHECK(rules_problems("- a\n") ==
          std::vector<std::string>{
              "r.yaml:1:1: a rules file is a YAML mapping with keys version and rules"});
    auto p = rules_problems("version: 1\nrules: [\n");
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::StartsWith("r.yaml:") && Catch::Contains("invalid YAML"));
  }
  SECTION("a missing file") {
    auto p = problems([] { load_rules("/nonexistent/rules.yaml"); });
    CHECK(p == std::vector<std::string>{"/nonexistent/rules.yaml: cannot read the rules file: "
                                        "No such file or directory"});
  }
}

TEST_CASE("Compare: two summaries under the rules", "[compare]") {
  const std::string base = summary_json(0.60, 10);
  SECTION("built-in rules skip what neither run has and judge the rest") {
    Comparison c = compare_texts(base, summary_json(0.58, 11), default_rules());
    REQUIRE(c.results.size() == 2);  // jobs.done, gpus.allocation_mean
    CHECK(c.results[0].rule.metric == "jobs.done");
    CHECK(c.results[0].verdict == Verdict::improved);
    CHECK(c.results[1].rule.metric == "gpus.allocation_mean");
    // Allocation is information in the built-in rules (issue #10): shown, never judged.
    CHECK(c.results[1].verdict == Verdict::info);
    CHECK_FALSE(c.results[1].rule.gated);
    CHECK_FALSE(c.regressed());
    CHECK(c.warnings.empty());
    CHECK(c.rules == "built-in defaults");
    CHECK(c.baseline.label == "scenario s, seed 1, policy fgd");
  }
  SECTION("a null figure counts as absent (packing.allocated_pct_at_100 below 100 %)") {
    const std::string extra = "  \"packing\": {\"allocated_pct_at_100\": null},\n";
    Comparison c =
        compare_texts(summary_json(0.6, 10, extra), summary_json(0.6, 10, extra), default_rules());
    CHECK(c.results.size() == 2);
    CHECK_FALSE(c.regressed());
  }
  SECTION("a built-in figure only one run has: runs of different kinds") {
    const std::string extra = "  \"packing\": {\"allocated_pct_final\": 90},\n";
    auto p = problems([&] { compare_texts(base, summary_json(0.6, 10, extra), default_rules()); });
    CHECK(p == std::vector<std::string>{
                   "base.json: packing.allocated_pct_final: has no value here but the candidate "
                   "(cand.json) has one; compare runs of the same kind of scenario, or give "
                   "--rules"});
  }
  SECTION("explicit rules: a list element, and a metric missing, with did-you-mean") {
    Rules rules = parse_rules(
        "version: 1\nrules:\n"
        "  - {metric: 'services[0].latency_s.p99', better: lower, tolerance: 10%}\n"
        "  - {metric: gpus.alocation_mean, better: higher}\n"
        "  - metric: services[1].latency_s.p99  # block style needs no quotes\n"
        "    better: lower\n",
        "r.yaml");
    auto p = problems([&] { compare_texts(base, base, rules); });
    CHECK(p == std::vector<std::string>{
                   "r.yaml:4:14: rules[1].metric: 'gpus.alocation_mean' is not in the baseline "
                   "(base.json), and is not in the candidate (cand.json); did you mean "
                   "'gpus.allocation_mean'?",
                   "r.yaml:5:13: rules[2].metric: 'services[1].latency_s.p99' is not in the "
                   "baseline (base.json), and is not in the candidate (cand.json); did you mean "
                   "'services[0].latency_s.p99'?"});
    rules.rules.resize(1);
    Comparison c = compare_texts(base, base, rules);
    REQUIRE(c.results.size() == 1);
    CHECK(c.results[0].baseline == 0.5);
    CHECK(c.results[0].verdict == Verdict::ok);
  }
  SECTION("values that are not numbers") {
    Rules rules = parse_rules(
        "version: 1\nrules:\n"
        "  - {metric: scenario, better: lower}\n"
        "  - {metric: jobs, better: higher}\n",
        "r.yaml");
    auto p = problems([&] { compare_texts(base, base, rules); });
    REQUIRE(p.size() == 4);
    CHECK(p[0] == "base.json:3:15: scenario: 's' is not a number");
    CHECK(p[2] ==
          "base.json:6:11: jobs: is an object, not a number; compare one of its figures: "
          "jobs.done, jobs.failed");
  }
  SECTION("different schema versions") {
    std::string v2 = summary_json(0.6, 10);
    v2.replace(v2.find("\"schema_version\": 1"), 19, "\"schema_version\": 2");
    auto p = problems([&] { compare_texts(base, v2, default_rules()); });
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::StartsWith("cand.json:2:21: schema_version: 2 differs from the "
                                       "baseline's 1 (base.json)"));
  }
  SECTION("runs of different scenarios or seeds are compared, with a warning") {
    Comparison c = compare_texts(base, summary_json(0.6, 10, "", "t", 2), default_rules());
    CHECK(c.warnings == std::vector<std::string>{
                            "the runs are of different scenarios: baseline 's', candidate 't'",
                            "the runs have different seeds: baseline 1, candidate 2"});
  }
  SECTION("files that are not summaries") {
    CHECK(problems([] { parse_summary("{\"a\": [1,", "x.json"); }).at(0).rfind("x.json:1:", 0) ==
          0);
    CHECK(problems([] { parse_summary("[1, 2]", "x.json"); }) ==
          std::vector<std::string>{
              "x.json:1:1: a JSON object was expected (a vgpusim summary.json)"});
    CHECK(problems([] { parse_summary("{\"scenario\": \"s\"}", "x.json"); }) ==
          std::vector<std::string>{
              "x.json:1:1: schema_version: missing: not a vgpusim summary.json"});
    CHECK(problems([] { load_summary("/nonexistent"); }) ==
          std::vector<std::string>{
              "/nonexistent: cannot read the summary: No such file or directory"});
  }
}

TEST_CASE("Compare: the table, Markdown and JUnit renderings", "[compare]") {
  Comparison c;
  c.baseline = {"base/summary.json", "scenario a|b <x>, seed 1"};
  c.candidate = {"cand/summary.json", "scenario a|b <x>, seed 1"};
  c.rules = "built-in defaults";
  c.results.push_back(
      {rule(Better::higher, "1%", "gpus.allocation_mean"), 0.6, 0.58, Verdict::regressed});
  c.results.push_back({rule(Better::lower, "2%", "jct_s.p95"), 100, 100, Verdict::ok});
  c.results.push_back({rule(Better::lower, "0", "odd<&\"'\x01|`name"), 0, 2, Verdict::regressed});
  SECTION("verdict line") {
    CHECK(verdict_line(c) ==
          "REGRESSION: 2 of 3 metrics regressed (gpus.allocation_mean, odd<&\"'\x01|`name); "
          "0 improved, 1 ok");
    Comparison fine = c;
    fine.results.resize(2);
    fine.results[0].verdict = Verdict::improved;
    CHECK(verdict_line(fine) == "OK: no regression in 2 metrics; 1 improved, 1 ok");
  }
  SECTION("cells") {
    CHECK(format_change(c.results[0]) == "-0.02 (-3.33%)");
    CHECK(format_change(c.results[1]) == "0");
    CHECK(format_change(c.results[2]) == "+2 (n/a %)");
    CHECK(format_value(145573.707207) == "145574");
  }
  SECTION("table") {
    const std::string t = render_table(c);
    CHECK_THAT(
        t, Catch::Contains("\nmetric                better  baseline  candidate          change  "
                           "tolerance  verdict\n"));
    CHECK_THAT(t, Catch::Contains("\ngpus.allocation_mean  higher       0.6       0.58  "
                                  "-0.02 (-3.33%)         1%  REGRESSED\n"));
    CHECK_THAT(t, Catch::Contains("\njct_s.p95             lower        100        100  "
                                  "             0         2%  ok\n"));
    CHECK_THAT(t, Catch::EndsWith("\nREGRESSION: 2 of 3 metrics regressed (gpus.allocation_mean, "
                                  "odd<&\"'\x01|`name); 0 improved, 1 ok\n"));
  }
  SECTION("Markdown escapes table cells") {
    const std::string m = render_markdown(c);
    CHECK_THAT(m, Catch::StartsWith("### vgpusim compare: regression\n"));
    CHECK_THAT(m, Catch::Contains("(scenario a\\|b \\<x\\>, seed 1)"));
    CHECK_THAT(m, Catch::Contains("| metric | better | baseline | candidate | change | "
                                  "tolerance | verdict |\n| --- | --- | ---: | ---: | ---: | "
                                  "---: | --- |\n"));
    CHECK_THAT(m, Catch::Contains("| `gpus.allocation_mean` | higher | 0.6 | 0.58 | -0.02 "
                                  "(-3.33%) | 1% | **regressed** |\n"));
    CHECK_THAT(m, Catch::Contains("| odd\\<&\"'\x01\\|\\`name | lower |"));
  }
  SECTION("JUnit escapes XML and fails the regressions") {
    const std::string j = render_junit(c);
    CHECK_THAT(j, Catch::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite "
                                    "name=\"vgpusim compare\" tests=\"3\" failures=\"2\""));
    CHECK_THAT(j, Catch::Contains("<property name=\"baseline\" value=\"base/summary.json "
                                  "(scenario a|b &lt;x&gt;, seed 1)\"/>"));
    CHECK_THAT(j,
               Catch::Contains(
                   "<testcase classname=\"vgpusim.compare\" name=\"gpus.allocation_mean\" "
                   "time=\"0\">\n    <failure type=\"regression\" message=\"gpus.allocation_mean "
                   "regressed: 0.6 -&gt; 0.58, change -0.02 (-3.33%); higher is better, "
                   "tolerance 1%\">"));
    CHECK_THAT(j, Catch::Contains("<system-out>jct_s.p95 ok: 100 -&gt; 100, change 0; lower is "
                                  "better, tolerance 2%</system-out>"));
    CHECK_THAT(j, Catch::Contains("name=\"odd&lt;&amp;&quot;&#39;|`name\""));
    CHECK(j.find('\x01') == std::string::npos);
    CHECK_THAT(j, Catch::EndsWith("</testsuite>\n"));
  }
}
