// A scenario's catalog: section (SPEC 2.1): additions and overrides of boards, MIG profiles
// and vGPU types, checked by the built-in catalog's rules, with located errors.
#include <catch2/catch.hpp>

#include "test_problems.hpp"
#include "vgpusim/scenario/scenario_loader.hpp"
#include "vgpusim/util/diagnostics.hpp"

using namespace vgpusim;

namespace {

// Line 4 of every scenario below is the first line after `catalog:`.
std::string scenario(const std::string& catalog, const std::string& pools = "",
                     const std::string& stages = "") {
  return "version: 1\nname: t\ncatalog:\n" + catalog + R"(datacenter:
  pools:
    - {name: a100, count: 1, gpus: {model: A100-PCIe-80GB, count: 2}, mode: vgpu}
)" + pools +
         R"(workflows:
  - name: w
    arrival: {at: [0s]}
    stages:
      - {name: t, kind: train, vgpu: A100D-20C, flops: 1e15}
)" + stages;
}

using test::problems;

const char* kX180 = R"(  gpus:
    - {name: X180-SXM-180GB, aliases: [X180], vgpu_prefix: X180, framebuffer: 180GiB,
       peak: {fp32: 80e12, bf16: 2.25e15}, memory_bandwidth: 8TB/s, power: {max: 1000W},
       sm_count: 148, mig: true, mixed_size: true, price_per_hour: 6.5}
  mig_profiles:
    - {gpu: X180, name: 1g.23gb, compute_slices: 1, memory_slices: 1,
       starts: [0, 1, 2, 3, 4, 5, 6], framebuffer: 23GiB, sm_count: 18}
    - {gpu: X180, name: 3g.90gb, compute_slices: 3, memory_slices: 4, starts: [0, 4],
       framebuffer: 90GiB}
  vgpu_types:
    - {name: X180-45C, gpu: X180, framebuffer: 45GiB}
    - {name: X180-1-23C, gpu: X180-SXM-180GB, mig_profile: 1g.23gb}
    - {name: X180-90Q, gpu: X180, framebuffer: 90GiB, max_mixed: 0}
)";

const char* kX180Pools = R"(    - {name: pt, count: 1, gpus: {model: X180, count: 2}}
    - {name: vg, count: 1, gpus: {model: X180, count: 1}, mode: vgpu, vgpu: {size_mode: mixed}}
    - {name: mg, count: 1, gpus: {model: X180, count: 1}, mode: mig, mig: {layout: [3g.90gb, 1g.23gb]}}
)";

const char* kX180Stages = R"(  - name: x180
    arrival: {at: [0s]}
    stages:
      - {name: whole, kind: train, gpus: 2, flops: 1e15}
      - {name: sliced, kind: train, vgpu: X180-45C, flops: 1e15}
      - {name: mig, kind: train, vgpu: x180-1-23c, flops: 1e15}
)";

}  // namespace

TEST_CASE("Loader: catalog additions and overrides", "[loader][catalog]") {
  const Catalog& builtin = Catalog::builtin();

  SECTION("overriding fields of a built-in board keeps the others") {
    Scenario s = load_scenario_text(scenario(R"(  gpus:
    - {name: A100-PCIe-80GB, price_per_hour: 2.5, power: {idle: 45W}}
)"),
                                    "s.yaml");
    const GpuModel& g = *s.catalog.find_gpu("A100D");
    const GpuModel& b = *builtin.find_gpu("A100D");
    CHECK(g.price_per_hour == 2.5);
    CHECK(g.idle_power_w == 45);
    CHECK(g.max_power_w == b.max_power_w);
    CHECK(g.peak_flops == b.peak_flops);
    CHECK(g.aliases == b.aliases);
    CHECK(g.framebuffer_mib == b.framebuffer_mib);
    CHECK(g.mig_profiles.size() == b.mig_profiles.size());
    CHECK(s.catalog.gpus().size() == builtin.gpus().size());
    CHECK(s.catalog.vgpu_types().size() == builtin.vgpu_types().size());
    CHECK(b.price_per_hour == Approx(3.67));  // the built-in catalog is left alone
  }

  SECTION("an alias names the board it overrides; --set edits an entry like the file") {
    LoadOptions o;
    o.sets = {"catalog.gpus[0].price_per_hour=3", "catalog.gpus[0].peak.bf16=200e12"};
    Scenario s =
        load_scenario_text(scenario("  gpus:\n    - {name: l4, price_per_hour: 1}\n"), "s.yaml", o);
    const GpuModel& g = *s.catalog.find_gpu("L4");
    CHECK(g.name == "L4");
    CHECK(g.price_per_hour == 3);
    CHECK(g.peak(Precision::bf16) == 200e12);
    CHECK(g.peak(Precision::fp32) == builtin.find_gpu("L4")->peak(Precision::fp32));
  }

  SECTION("a new board with MIG profiles and vGPU types, used by pools and stages") {
    Scenario s = load_scenario_text(scenario(kX180, kX180Pools, kX180Stages), "s.yaml");
    const GpuModel& g = *s.catalog.find_gpu("x180");
    CHECK(g.name == "X180-SXM-180GB");
    CHECK(g.framebuffer_mib == 180 * 1024);
    CHECK(g.peak(Precision::bf16) == 2.25e15);
    CHECK(g.peak(Precision::fp8) == 2.25e15);  // falls back to bf16
    CHECK(g.memory_bandwidth == 8e12);
    CHECK(g.idle_power_w == Approx(150));  // default: 15% of max
    CHECK(g.host_link == "PCIe Gen5 x16");
    CHECK(g.host_link_bandwidth == 50e9);
    CHECK(g.mig_efficiency == 1.0);
    REQUIRE(g.mig_profiles.size() == 2);
    CHECK(g.mig_profiles[0].max_instances == 7);  // one per start
    CHECK(g.mig_profiles[1].max_instances == 2);  // min(starts, 7 / 3)
    CHECK(g.mig_profiles[0].profile_id == -1);
    CHECK(g.mig_compute_fraction(g.mig_profiles[0]) == Approx(18.0 / 148));

    const VgpuType& ts = *s.catalog.find_vgpu("X180-45C");
    CHECK(ts.mode == VgpuMode::time_sliced);
    CHECK(ts.series == 'C');
    CHECK(ts.max_equal == 4);
    CHECK(ts.placement_ids == std::vector<int>{0, 45, 90, 135});
    CHECK(ts.max_mixed == 4);
    CHECK(ts.source == "scenario");
    CHECK(ts.placement_source == "bisection");
    const VgpuType& q = *s.catalog.find_vgpu("X180-90Q");
    CHECK(q.series == 'Q');
    CHECK(q.max_equal == 2);
    CHECK(q.max_mixed == 0);
    CHECK(q.placement_ids.empty());
    const VgpuType& mig = *s.catalog.find_vgpu("X180-1-23C");
    CHECK(mig.mode == VgpuMode::mig);
    CHECK(mig.gpu == "X180-SXM-180GB");
    CHECK(mig.framebuffer_mib == 23 * 1024);
    CHECK(mig.max_equal == 7);
    CHECK(mig.max_mixed == 0);

    REQUIRE(s.pools.size() == 4);
    CHECK(s.pools[1].gpu_model == "X180-SXM-180GB");
    CHECK(s.pools[3].slicing.mig_layout == std::vector<std::string>{"3g.90gb", "1g.23gb"});
    const auto& st = s.workflows[1].stages;
    CHECK(st[1].demand.vgpu_type == "X180-45C");
    CHECK(st[2].demand.vgpu_type == "X180-1-23C");
    // Allocation accounting resolves the type in the catalog it is given.
    CHECK(st[1].demand.total_milli(s.catalog) == 250);
    CHECK(st[1].demand.total_milli(builtin) == 0);
  }

  SECTION("a vGPU type override changes only what it gives; placement IDs set max_mixed") {
    Scenario s = load_scenario_text(scenario(R"(  vgpu_types:
    - {name: A100D-20C, placement_ids: [0, 20]}
    - {name: A100D-40C, framebuffer: 30GiB}
)"),
                                    "s.yaml");
    const VgpuType& v = *s.catalog.find_vgpu("A100D-20C");
    CHECK(v.placement_ids == std::vector<int>{0, 20});
    CHECK(v.max_mixed == 2);
    CHECK(v.max_equal == 4);
    CHECK(v.framebuffer_mib == 20480);
    CHECK(v.placement_source == "scenario");
    // A new size re-derives what follows from it.
    const VgpuType& w = *s.catalog.find_vgpu("A100D-40C");
    CHECK(w.max_equal == 2);
    CHECK(w.placement_ids == std::vector<int>{0, 50});
    CHECK(w.placement_source == "bisection");
    CHECK(builtin.find_vgpu("A100D-40C")->framebuffer_mib == 40960);
  }

  SECTION("a MIG profile override; its types follow when overridden with it") {
    Scenario s = load_scenario_text(scenario(R"(  mig_profiles:
    - {gpu: A100-PCIe-80GB, name: 3g.40gb, sm_count: 40}
)"),
                                    "s.yaml");
    const GpuModel& g = *s.catalog.find_gpu("A100D");
    const MigProfile& p = *g.find_mig_profile("3g.40gb");
    CHECK(p.sm_count == 40);
    CHECK(p.starts == std::vector<int>{0, 4});
    CHECK(g.mig_profiles.size() == builtin.find_gpu("A100D")->mig_profiles.size());
  }
}

TEST_CASE("Loader: catalog errors are located and reported all at once", "[loader][catalog]") {
  SECTION("unknown keys, with a did-you-mean") {
    auto p = problems(scenario(R"(  gpus:
    - {name: L4, framebufer: 20GiB, peak: {bf61: 1e12}}
  vgpu_tpyes: []
)"));
    REQUIRE(p.size() == 3);
    CHECK(p[0] ==
          "s.yaml:6:3: catalog.vgpu_tpyes: unknown key 'vgpu_tpyes'; did you mean "
          "'vgpu_types'? (allowed: gpus, mig_profiles, vgpu_types)");
    CHECK(
        p[1].starts_with("s.yaml:5:18: catalog.gpus[0].framebufer: unknown key 'framebufer'; "
                         "did you mean 'framebuffer'? (allowed: name, aliases, vgpu_prefix, "));
    CHECK(p[2] ==
          "s.yaml:5:44: catalog.gpus[0].peak.bf61: unknown key 'bf61'; did you mean "
          "'bf16'? (allowed: fp64, fp32, tf32, fp16, bf16, fp8, int8)");
  }

  SECTION("a new board without its required fields: only its own problems") {
    // The board is applied all the same, so the pool and the type naming it add nothing.
    auto p = problems(scenario(R"(  gpus:
    - {name: X1}
  vgpu_types:
    - {name: X1-4C, gpu: X1, framebuffer: 4GiB}
)",
                               "    - {name: x, count: 1, gpus: {model: X1, count: 1}}\n"));
    REQUIRE(p.size() == 4);
    CHECK(p[0] == "s.yaml:5:7: catalog.gpus[0].framebuffer: is required");
    CHECK(p[1] ==
          "s.yaml:5:7: catalog.gpus[0].peak: is required: dense peak FLOP/s per "
          "precision, at least fp32 (e.g. {fp32: 60e12, bf16: 1e15})");
    CHECK(p[2] == "s.yaml:5:7: catalog.gpus[0].memory_bandwidth: is required");
    CHECK(p[3] ==
          "s.yaml:5:7: catalog.gpus[0].power: is required: {max: W} and optionally "
          "{idle: W}");
  }

  SECTION("catalog problems come with the rest of the scenario's") {
    auto p = problems(scenario("  gpus:\n    - {name: L4, price_per_hour: cheap}\n",
                               "    - {name: x, count: 1, gpus: {model: X9, count: 1}}\n"));
    REQUIRE(p.size() == 2);
    CHECK(p[0] ==
          "s.yaml:5:34: catalog.gpus[0].price_per_hour: 'cheap' is not a number (write "
          "7e9 or 7000000000)");
    CHECK(p[1].starts_with("s.yaml:9:41: datacenter.pools[1].gpus.model: unknown GPU model 'X9'"));
  }

  SECTION("bad values of a board: units, ranges, rules") {
    auto p = problems(scenario(R"(  gpus:
    - {name: L4, memory_bandwidth: 300GB}
    - {name: L4, peak: {bf16: 0}, power: {max: 10W}, mig_efficiency: 1.5}
    - {name: T4, aliases: [A100D, T4-16]}
    - {name: X2, framebuffer: 1GiB, peak: {bf16: 1e12}, memory_bandwidth: 1GB/s,
       power: {max: 10W}}
)"));
    REQUIRE(p.size() == 6);
    CHECK(p[0] ==
          "s.yaml:5:36: catalog.gpus[0].memory_bandwidth: '300GB' is a size, not a "
          "bandwidth; allowed units: Kbps, Mbps, Gbps, Tbps, bps, KiB/s, MiB/s, GiB/s, "
          "KB/s, kB/s, MB/s, GB/s, TB/s, B/s");
    CHECK(p[1] ==
          "s.yaml:6:31: catalog.gpus[1].peak.bf16: 0 FLOP/s must be positive (leave the "
          "precision out when the board has no hardware path for it)");
    CHECK(p[2] ==
          "s.yaml:6:48: catalog.gpus[1].power.max: 10 W must be above the idle power, "
          "16 W");
    CHECK(p[3] == "s.yaml:6:70: catalog.gpus[1].mig_efficiency: 1.5 is out of range (0, 1]");
    CHECK(p[4] == "s.yaml:7:27: catalog.gpus[2].aliases: 'A100D' already names A100-PCIe-80GB");
    CHECK(p[5] ==
          "s.yaml:8:43: catalog.gpus[3].peak.fp32: is required: every board has an fp32 "
          "rate");
  }

  SECTION("MIG profiles: the board, the geometry") {
    auto p = problems(scenario(R"(  mig_profiles:
    - {gpu: L4, name: 1g.6gb, compute_slices: 1, memory_slices: 1, starts: [0], framebuffer: 6GiB}
    - {gpu: A100D, name: 2g.20gb, starts: [0, 7]}
    - {gpu: A10O, name: 1g.5gb}
    - {gpu: A100D, name: 9g.90gb, compute_slices: 9, memory_slices: 8, starts: [0]}
    - {gpu: A100D, name: 8g, compute_slices: 8, memory_slices: 8, starts: [0], framebuffer: 90GiB}
)"));
    REQUIRE(p.size() == 6);
    CHECK(p[0] == "s.yaml:5:13: catalog.mig_profiles[0].gpu: L4 is not MIG-capable (mig: false)");
    CHECK(p[1] ==
          "s.yaml:6:43: catalog.mig_profiles[1].starts: start 7 of a 2-slice profile runs "
          "past slice 7; allowed: 0..6");
    CHECK(p[2].starts_with(
        "s.yaml:7:13: catalog.mig_profiles[2].gpu: unknown GPU model 'A10O'; known: "));
    CHECK(p[2].ends_with("(did you mean 'A10'?)"));
    CHECK(p[3] == "s.yaml:8:7: catalog.mig_profiles[3].framebuffer: is required");
    CHECK(p[4] ==
          "s.yaml:9:46: catalog.mig_profiles[4].compute_slices: 8 is out of range [1, 7] "
          "(A100-PCIe-80GB's compute slices)");
    CHECK(p[5] ==
          "s.yaml:9:93: catalog.mig_profiles[4].framebuffer: 92160 MiB is not in (0, "
          "81920 MiB], A100-PCIe-80GB's framebuffer");
  }

  SECTION("vGPU types: board, profile, counts, name") {
    auto p = problems(scenario(R"(  vgpu_types:
    - {name: B300-45C, gpu: B300, framebuffer: 45GiB}
    - {name: A100D-3-40C, mig_profile: 3g.45gb}
    - {name: L4-5C, gpu: L4, framebuffer: 5GiB, max_equal: 5}
    - {name: T4-4Q, gpu: T4, framebuffer: 4GiB, max_mixed: 4}
    - {name: L4-24X, gpu: L4, framebuffer: 24GiB}
    - {name: A10-7C, gpu: L4, framebuffer: 7GiB, placement_ids: [0, 20]}
    - {name: L4-6A, gpu: L4, framebuffer: 6GiB, max_mixed: 3}
    - {name: L4-12B, gpu: L4}
)"));
    REQUIRE(p.size() == 9);
    CHECK(p[0].starts_with(
        "s.yaml:5:29: catalog.vgpu_types[0].gpu: unknown GPU model 'B300'; known: "));
    CHECK(p[1] ==
          "s.yaml:6:40: catalog.vgpu_types[1].mig_profile: unknown MIG profile '3g.45gb' "
          "on A100-PCIe-80GB; known: 1g.10gb, 1g.10gb+me, 1g.20gb, 2g.20gb, 3g.40gb, "
          "4g.40gb, 7g.80gb");
    CHECK(p[2] ==
          "s.yaml:7:60: catalog.vgpu_types[2].max_equal: 5 x 5120 MiB exceeds L4's "
          "framebuffer of 24576 MiB");
    CHECK(p[3] ==
          "s.yaml:8:60: catalog.vgpu_types[3].max_mixed: 4 but T4 has no mixed-size vGPU "
          "(mixed_size: false); use 0");
    CHECK(p[4] ==
          "s.yaml:9:14: catalog.vgpu_types[4].name: 'L4-24X': the series letter (last, "
          "before an optional ME) must be A, B, C or Q");
    CHECK(p[5] ==
          "s.yaml:10:14: catalog.vgpu_types[5].name: 'A10-7C' does not start with L4's "
          "vGPU prefix 'L4-'");
    CHECK(p[6] ==
          "s.yaml:10:65: catalog.vgpu_types[5].placement_ids: placement ID 20 runs past "
          "L4's framebuffer (24 units of 1024 MiB)");
    CHECK(p[7] ==
          "s.yaml:11:60: catalog.vgpu_types[6].max_mixed: 3 differs from the 4 placement "
          "IDs the bisection rule derives for 6144 MiB on L4; give placement_ids");
    CHECK(p[8] == "s.yaml:12:7: catalog.vgpu_types[7].framebuffer: is required");
  }

  SECTION("an override that breaks entries it does not override, once per board") {
    auto p = problems(scenario(R"(  gpus:
    - {name: A100D, framebuffer: 40GiB}
    - {name: H100, mig: false}
  mig_profiles:
    - {gpu: A100-SXM4-80GB, name: 2g.20gb, max_instances: 2}
  vgpu_types:
    - {name: A100D-80C, framebuffer: 40GiB}
    - {name: H100-1-10C, max_equal: 7}
)"));
    REQUIRE(p.size() == 3);
    CHECK(p[0] ==
          "s.yaml:11:7: catalog.vgpu_types[1].mig_profile: H100-PCIe-80GB is not "
          "MIG-capable (mig: false)");
    CHECK(p[1] ==
          "s.yaml:5:7: catalog.gpus[0]: the scenario's changes to A100-PCIe-80GB break 8 "
          "of its entries it does not override (first: MIG profile 7g.80gb: framebuffer: "
          "81920 MiB is not in (0, 40960 MiB], A100-PCIe-80GB's framebuffer); override "
          "them as well");
    CHECK(p[2] ==
          "s.yaml:8:7: catalog.mig_profiles[0]: the scenario's changes to A100-SXM4-80GB "
          "break 1 of its entries it does not override (first: vGPU type A100DX-2-20C: "
          "max_equal: 3 differs from profile 2g.20gb's max_instances 2); override them "
          "as well");
  }

  SECTION("a --set value is checked like a file value") {
    LoadOptions o;
    o.sets = {"catalog.gpus[0].peak.bf16=fast"};
    auto p = problems(scenario("  gpus:\n    - {name: L4, price_per_hour: 1}\n"), o);
    REQUIRE(p.size() == 1);
    CHECK(p[0] ==
          "--set catalog.gpus[0].peak.bf16=fast: catalog.gpus[0].peak.bf16: 'fast' is not a "
          "number (write 7e9 or 7000000000)");
  }
}
