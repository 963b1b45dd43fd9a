// A deterministic mutation fuzzer for the scenario loader: thousands of damaged versions of
// a valid scenario must each load or fail with an InputError, never crash, hang or throw
// anything else. (A coverage-guided libFuzzer target would need clang; this runs in the
// ordinary test suite on every build.)
#include <catch2/catch.hpp>
#include <random>

#include "vgpusim/scenario/scenario_loader.hpp"
#include "vgpusim/util/diagnostics.hpp"

using namespace vgpusim;

namespace {

const char* kSeedScenario = R"(version: 1
name: fuzz
seed: 3
horizon: 2d
datacenter:
  network: {topology: two-tier, rack_size: 2, core_bandwidth: 400Gbps, latency: 5us}
  storage: {bandwidth: 100Gbps}
  pools:
    - name: a
      count: 2
      server: {cpus: 64, memory: 512GiB, nic: 100Gbps, power: {idle: 300W, max: 900W}}
      gpus: {model: A100-PCIe-80GB, count: 4}
      mode: vgpu
      vgpu: {size_mode: mixed, scheduler: equal_share}
    - name: h
      count: 1
      gpus: {model: H100-SXM5-80GB, count: 8}
      mode: mig
      mig: {layout: [3g.40gb, 2g.20gb, 1g.10gb]}
workflows:
  - name: w
    arrival: {process: poisson, rate: 2/h, count: 5}
    stages:
      - {name: prep, kind: prep, vgpu: A100D-20C, data: 200GB, engine: rapids}
      - {name: train, kind: train, after: [prep], vgpu: A100D-40C, count: 2,
         params: 7e9, tokens: 2e9, checkpoint: {every: 30min, size: 28GB}}
      - {name: opt, kind: optimize, after: [train], vgpu: A100D-40C, build_time: 15min}
      - {name: serve, kind: serve, after: [opt], vgpu: H100XM-3-40C, replicas: 2,
         requests: {rate: 20/s, duration: 1h}, service_time: 20ms,
         batching: {max_batch: 8, max_delay: 5ms}, slo: {p99: 100ms}}
policy: {placement: best-fit, queue: sjf, backfill: true}
)";

const std::vector<std::string> kTokens{
    ":",  "-",  "[", "]",  "{",  "}",     ",", "\n", " ", "0",  "-1",   "1e400", "nan", "GiB",
    "/s", "ms", "~", "&a", "*a", "!!int", "'", "\"", "#", "\t", "null", "[]",    "{}"};

std::string mutate(std::string s, std::mt19937_64& rng) {
  int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    size_t pos = rng() % s.size();
    switch (rng() % 4) {
      case 0:
        s.erase(pos, 1 + rng() % 8);
        break;
      case 1:
        s.insert(pos, kTokens[rng() % kTokens.size()]);
        break;
      case 2:
        s[pos] = static_cast<char>(32 + rng() % 95);
        break;
      default: {  // duplicate a line somewhere else
        size_t a = s.rfind('\n', pos);
        size_t b = s.find('\n', pos);
        a = a == std::string::npos ? 0 : a + 1;
        if (b == std::string::npos) b = s.size();
        s.insert(rng() % s.size(), s.substr(a, b - a + 1));
      }
    }
  }
  return s;
}

}  // namespace

TEST_CASE("Loader: damaged scenarios fail cleanly", "[loader][fuzz]") {
  SECTION("the seed scenario itself is valid") {
    CHECK_NOTHROW(load_scenario_text(kSeedScenario, "f.yaml"));
  }
  SECTION("3000 mutations load or raise InputError with located messages") {
    std::mt19937_64 rng(20261127);
    int rejected = 0;
    for (int i = 0; i < 3000; ++i) {
      std::string text = mutate(kSeedScenario, rng);
      try {
        load_scenario_text(text, "f.yaml");
      } catch (const InputError& e) {
        ++rejected;
        REQUIRE_FALSE(e.diagnostics().empty());
        for (const auto& d : e.diagnostics().items()) REQUIRE(d.file == "f.yaml");
      } catch (const std::exception& e) {
        FAIL("mutation " << i << " threw " << e.what() << "\n--- input:\n" << text);
      }
    }
    CHECK(rejected > 1000);  // the mutations do reach the validator
  }
}
