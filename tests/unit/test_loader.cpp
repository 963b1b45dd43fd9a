#include <catch2/catch.hpp>

#include "test_problems.hpp"
#include "vgpusim/scenario/arrivals.hpp"
#include "vgpusim/scenario/scenario_loader.hpp"
#include "vgpusim/util/diagnostics.hpp"

using namespace vgpusim;

namespace {

const char* kValid = R"(version: 1
name: t
seed: 7
datacenter:
  network: {core_bandwidth: 400Gbps, latency: 5us}
  storage: {bandwidth: 100Gbps}
  pools:
    - name: a100
      count: 2
      server: {cpus: 64, memory: 512GiB, nic: 100Gbps, power: {idle: 300W, max: 900W}}
      gpus: {model: A100-PCIe-80GB, count: 4}
      mode: vgpu
      vgpu: {size_mode: equal, scheduler: best_effort}
workflows:
  - name: ft
    arrival: {process: poisson, rate: 2/h, count: 5}
    stages:
      - {name: train, kind: train, vgpu: A100D-20C, count: 2, params: 7e9, tokens: 2e9,
         checkpoint: {every: 30min, size: 28GB}, image: {name: pytorch, size: 20GB}}
      - {name: eval, kind: train, after: [train], vgpu: A100D-20C, flops: 1e15}
policy: {placement: first-fit, queue: fifo}
)";

using test::problems;

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto p = text.find(from);
  REQUIRE(p != std::string::npos);
  return text.replace(p, from.size(), to);
}

bool any_contains(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v)
    if (x.find(s) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("Loader: a valid scenario becomes a Scenario value in base units", "[loader]") {
  std::string text = replace(
      kValid, "      - {name: eval, kind: train, after: [train], vgpu: A100D-20C, flops: 1e15}\n",
      "");
  Scenario s = load_scenario_text(text, "s.yaml");
  SECTION("top level") {
    CHECK(s.name == "t");
    CHECK(s.seed == 7);
    CHECK(s.network.core_bandwidth == 50e9);
    CHECK(s.network.latency == Approx(5e-6));
  }
  SECTION("pools") {
    REQUIRE(s.pools.size() == 1);
    CHECK(s.pools[0].count == 2);
    CHECK(s.pools[0].gpus_per_server == 4);
    CHECK(s.pools[0].server.memory == 512.0 * (1ull << 30));
    CHECK(s.pools[0].server.idle_power_w == 300);
    CHECK(s.pools[0].slicing.mode == SliceMode::vgpu);
    CHECK(s.pools[0].server.image_extract_rate == 40e6);  // default: moby issue 21814
  }
  SECTION("stages with kind parameters and defaults") {
    const StageSpec& st = s.workflows[0].stages[0];
    CHECK(st.demand.kind == GpuDemand::Kind::vgpu);
    CHECK(st.demand.vgpu_type == "A100D-20C");
    CHECK(st.demand.count == 2);
    CHECK(st.params.number("params") == 7e9);
    CHECK(st.params.number("checkpoint.every") == 1800);
    CHECK(st.params.number("checkpoint.size") == 28e9);
    CHECK(st.params.text("precision") == "bf16");
    CHECK(st.image.size == 20e9);
  }
  SECTION("--seed, --policy and --set override the file") {
    LoadOptions o;
    o.seed = 99;
    o.policy = "best-fit";
    o.sets = {"datacenter.pools[0].count=8", "name=renamed",
              "datacenter.pools[0].server.image_extract_rate=13MB/s"};
    Scenario t = load_scenario_text(text, "s.yaml", o);
    CHECK(t.pools[0].server.image_extract_rate == 13e6);
    CHECK(t.seed == 99);
    CHECK(t.policy.placement == "best-fit");
    CHECK(t.pools[0].count == 8);
    CHECK(t.name == "renamed");
  }
}

TEST_CASE("Loader: every problem is reported with file, line, column and key path", "[loader]") {
  SECTION("unknown key with did-you-mean") {
    auto p = problems(replace(kValid, "  storage: {", "  storaje: {"));
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0],
               Catch::StartsWith("s.yaml:6:3: datacenter.storaje: unknown key 'storaje'; "
                                 "did you mean 'storage'? (allowed: network, storage, pools"));
  }
  SECTION("unknown vGPU type lists the board's types") {
    auto p = problems(replace(kValid, "A100D-20C", "A100-5G"));
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::StartsWith(
                         "s.yaml:18:42: workflows[0].stages[0].vgpu: unknown vGPU type 'A100-5G'"));
    CHECK_THAT(p[0], Catch::Contains("A100D-4C"));
  }
  SECTION("a value without its unit") {
    auto p = problems(replace(kValid, "memory: 512GiB", "memory: 512"));
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::StartsWith(
                         "s.yaml:10:34: datacenter.pools[0].server.memory: '512' needs a unit"));
    p = problems(replace(kValid, "nic: 100Gbps,", "nic: 100Gbps, image_extract_rate: 40,"));
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0],
               Catch::StartsWith("s.yaml:10:76: datacenter.pools[0].server.image_extract_rate: "
                                 "'40' needs a unit"));
  }
  SECTION("several problems at once") {
    std::string t = replace(kValid, "count: 2\n", "count: -2\n");
    t = replace(t, "scheduler: best_effort", "scheduler: fastest");
    t = replace(t, "placement: first-fit", "placement: firts-fit");
    auto p = problems(t);
    CHECK(p.size() == 3);
    CHECK(any_contains(p, "datacenter.pools[0].count: '-2' must be a finite, non-negative number"));
    CHECK(
        any_contains(p, "'fastest' is not allowed; one of: best_effort, equal_share, fixed_share"));
    CHECK(any_contains(p, "unknown placement policy 'firts-fit'"));
    CHECK(any_contains(p, "did you mean 'first-fit'"));
  }
  SECTION("unknown stage kind lists the kinds") {
    auto p = problems(replace(kValid, "kind: train, vgpu", "kind: trian, vgpu"));
    CHECK(any_contains(p, "unknown stage kind 'trian'; known: optimize, prep, replay, serve, train"));
  }
  SECTION("a request no pool can host") {
    auto p = problems(replace(kValid, "vgpu: A100D-20C", "vgpu: H100-20C"));
    CHECK(any_contains(p, "no pool can ever host this stage"));
  }
  SECTION("invalid YAML") {
    auto p = problems("version: 1\nname: [unclosed\n");
    REQUIRE(p.size() == 1);
    CHECK_THAT(p[0], Catch::Contains("invalid YAML"));
  }
  SECTION("missing required sections") {
    auto p = problems("version: 1\nname: x\n");
    CHECK(any_contains(p, "datacenter: is required"));
    CHECK(any_contains(p, "workflows: is required"));
  }
  SECTION("a malformed --set") {
    LoadOptions o;
    o.sets = {"datacenter.pools[5].count=1"};
    auto p = problems(kValid, o);
    CHECK(any_contains(p, "index [5] does not exist"));
  }
}

TEST_CASE("Loader: workflow stages form a DAG", "[loader]") {
  SECTION("unknown dependency with did-you-mean") {
    auto p = problems(replace(kValid, "after: [train]", "after: [trian]"));
    CHECK(any_contains(p, "unknown stage 'trian' in after; did you mean 'train'?"));
  }
  SECTION("a cycle is named") {
    std::string t =
        replace(kValid, "{name: train, kind: train,", "{name: train, kind: train, after: [eval],");
    auto p = problems(t);
    CHECK(any_contains(p, "the stages form a cycle: "));
    CHECK(any_contains(p, "train -> eval -> train"));
  }
  SECTION("duplicate stage names") {
    auto p = problems(replace(kValid, "{name: eval,", "{name: train,"));
    CHECK(any_contains(p, "duplicate stage name 'train'"));
  }
}

TEST_CASE("Loader: arrivals are drawn deterministically from the seed", "[loader]") {
  std::string text = replace(
      kValid, "      - {name: eval, kind: train, after: [train], vgpu: A100D-20C, flops: 1e15}\n",
      "");
  Scenario s = load_scenario_text(text, "s.yaml");
  SECTION("same seed, same times") {
    auto a = generate_arrivals(s);
    auto b = generate_arrivals(s);
    REQUIRE(a.size() == 5);
    for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].time == b[i].time);
    CHECK(std::is_sorted(a.begin(), a.end(), [](auto& x, auto& y) { return x.time < y.time; }));
  }
  SECTION("another seed, other times") {
    Scenario t = s;
    t.seed = 8;
    CHECK(generate_arrivals(s)[0].time != generate_arrivals(t)[0].time);
  }
  SECTION("uniform01 maps the full range into [0, 1)") {
    CHECK(uniform01(0) == 0);
    CHECK(uniform01(~0ULL) < 1.0);
  }
}
