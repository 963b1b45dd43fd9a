// The migration:, events: and energy: sections of a scenario, and a stage's interference class.
#include <catch2/catch.hpp>

#include "vgpusim/scenario/scenario_loader.hpp"
#include "vgpusim/util/diagnostics.hpp"

using namespace vgpusim;

namespace {

const std::string kBase = R"(version: 1
name: t
datacenter:
  pools:
    - name: a100
      count: 2
      gpus: {model: A100-PCIe-80GB, count: 4}
      mode: vgpu
workflows:
  - name: ft
    arrival: {at: [0s]}
    stages:
      - {name: train, kind: train, vgpu: A100D-20C, flops: 1e15}
)";

std::string problems(const std::string& extra) {
  try {
    load_scenario_text(kBase + extra, "s.yaml", {});
  } catch (const InputError& e) {
    std::string r;
    for (const auto& d : e.diagnostics().items()) r += d.to_string() + "\n";
    return r;
  }
  return "";
}

}  // namespace

TEST_CASE("Loader: migration events and energy sections", "[loader]") {
  SECTION("values in base units, events resolved and sorted") {
    Scenario s = load_scenario_text(
        kBase + R"(migration: {bandwidth: 25Gbps, dirty_intensity: 0.2, framebuffer: precopy,
            period: 2min, max_migrations: 3, framebuffer_efficiency: 0.115, switchover: 1.5s}
energy: {price_per_kwh: 0.12, power_off_after: 10min, boot_time: 2min}
events:
  - {at: 3h, restore: "a100[1]"}
  - {at: 1h, fail: "a100[1]/gpu2"}
  - {at: 2h, drain: "a100[0]"}
)",
        "s.yaml", {});
    CHECK(s.migration.bandwidth == Approx(25e9 / 8));
    CHECK(s.migration.dirty_intensity == Approx(0.2));
    CHECK(s.migration.framebuffer == MigrationSpec::Framebuffer::precopy);
    CHECK(s.migration.period == Approx(120));
    CHECK(s.migration.max_migrations == 3);
    CHECK(s.migration.framebuffer_efficiency == Approx(0.115));
    CHECK(s.migration.switchover == Approx(1.5));
    CHECK(s.energy.price_per_kwh == Approx(0.12));
    CHECK(s.energy.power_off_after == Approx(600));
    CHECK(s.energy.boot_time == Approx(120));
    REQUIRE(s.events.size() == 3);
    CHECK(s.events[0].kind == EventSpec::Kind::fail);
    CHECK(s.events[0].server == 1);
    CHECK(s.events[0].gpu == 6);  // server 1, local GPU 2, 4 GPUs per server
    CHECK(s.events[1].kind == EventSpec::Kind::drain);
    CHECK(s.events[1].server == 0);
    CHECK(s.events[1].gpu == -1);
    CHECK(s.events[2].kind == EventSpec::Kind::restore);
  }
  SECTION("defaults") {
    Scenario s = load_scenario_text(kBase, "s.yaml", {});
    CHECK(s.migration.bandwidth == 0);
    CHECK(s.migration.framebuffer == MigrationSpec::Framebuffer::stun);
    CHECK(s.migration.framebuffer_efficiency == Approx(0.66));  // vSphere 7 fit, docs/migration.md
    CHECK(s.migration.switchover == Approx(0.8));
    CHECK(s.energy.price_per_kwh == Approx(0.08));
    CHECK(s.energy.power_off_after == 0);
    CHECK(s.events.empty());
  }
  SECTION("bad targets and keys are located errors") {
    std::string p = problems(
        "events:\n  - {at: 1h, drain: \"a10[0]\"}\n  - {at: 1h, fail: \"a100[5]\"}\n"
        "  - {at: 1h, drain: \"a100[0]/gpu1\"}\n  - {at: 1h, fail: \"a100[0]/gpu9\"}\n"
        "  - {at: 1h}\n");
    CHECK_THAT(p, Catch::Contains("unknown pool 'a10'") && Catch::Contains("did you mean 'a100'"));
    CHECK_THAT(p, Catch::Contains("pool 'a100' has servers [0..1], not [5]"));
    CHECK_THAT(p, Catch::Contains("drain applies to a whole server"));
    CHECK_THAT(p, Catch::Contains("gpu0..gpu3, not gpu9"));
    CHECK_THAT(p, Catch::Contains("exactly one of drain, fail, restore"));
  }
  SECTION("dirty pages need a migration bandwidth") {
    CHECK_THAT(problems("migration: {dirty_intensity: 0.3}\n"),
               Catch::Contains("migration.dirty_intensity: needs migration.bandwidth"));
  }
  SECTION("unknown keys and framebuffer modes") {
    std::string p = problems("migration: {bandwith: 1Gbps, framebuffer: lazy}\n");
    CHECK_THAT(p, Catch::Contains("bandwith"));
    CHECK_THAT(p, Catch::Contains("lazy"));
  }
  SECTION("a stage's interference class: by kind, or said") {
    Scenario s = load_scenario_text(
        kBase + R"(  - name: svc
    arrival: {at: [0s]}
    stages:
      - {name: serve, kind: serve, vgpu: A100D-20C, service_time: 10ms,
         requests: {rate: 10/s, duration: 1s}}
      - {name: batch, kind: serve, vgpu: A100D-20C, service_time: 10ms,
         requests: {rate: 10/s, duration: 1s}, kernels: large}
      - {name: tiny, kind: train, vgpu: A100D-20C, flops: 1e12, kernels: small}
)",
        "s.yaml", {});
    CHECK_FALSE(s.workflows[0].stages[0].small_kernels);  // train: compute-bound
    CHECK(s.workflows[1].stages[0].small_kernels);        // serve: small kernels
    CHECK_FALSE(s.workflows[1].stages[1].small_kernels);
    CHECK(s.workflows[1].stages[2].small_kernels);
  }
}
