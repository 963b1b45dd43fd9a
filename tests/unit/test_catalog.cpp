#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/catalog/mig_layout.hpp"

using namespace vgpusim;

namespace {

// NVIDIA vGPU 17 reference rows (shared/reference/vgpu-types.csv):
// gpu, type, fb MiB, max equal, max mixed (0 = no mixed size; MIG rows have none).
const char* kReference = R"(A100-PCIe-40GB,A100-40C,40960,1,1
A100-PCIe-40GB,A100-20C,20480,2,2
A100-PCIe-40GB,A100-10C,10240,4,4
A100-PCIe-40GB,A100-8C,8192,5,4
A100-PCIe-40GB,A100-5C,5120,8,8
A100-PCIe-40GB,A100-4C,4096,10,8
A100-PCIe-40GB,A100-7-40C,40960,1,0
A100-PCIe-40GB,A100-4-20C,20480,1,0
A100-PCIe-40GB,A100-3-20C,20480,2,0
A100-PCIe-40GB,A100-2-10C,10240,3,0
A100-PCIe-40GB,A100-1-10C,10240,4,0
A100-PCIe-40GB,A100-1-5C,5120,7,0
A100-PCIe-40GB,A100-1-5CME,5120,1,0
A100-PCIe-80GB,A100D-80C,81920,1,1
A100-PCIe-80GB,A100D-40C,40960,2,2
A100-PCIe-80GB,A100D-20C,20480,4,4
A100-PCIe-80GB,A100D-16C,16384,5,4
A100-PCIe-80GB,A100D-10C,10240,8,8
A100-PCIe-80GB,A100D-8C,8192,10,8
A100-PCIe-80GB,A100D-4C,4096,20,16
A100-PCIe-80GB,A100D-7-80C,81920,1,0
A100-PCIe-80GB,A100D-3-40C,40960,2,0
A100-PCIe-80GB,A100D-1-10CME,10240,1,0
H100-PCIe-80GB,H100-80C,81920,1,1
H100-PCIe-80GB,H100-16C,16384,5,4
H100-PCIe-80GB,H100-5C,5120,16,16
H100-PCIe-80GB,H100-4C,4096,20,16
H100-PCIe-80GB,H100-2-20C,20480,3,0
H100-PCIe-80GB,H100-1-10C,10240,7,0
L40S,L40S-48C,49152,1,1
L40S,L40S-16C,16384,3,2
L40S,L40S-8C,8192,6,4
L40S,L40S-4C,4096,12,8
A10,A10-24C,24576,1,1
A10,A10-8C,8192,3,2
A10,A10-4C,4096,6,4
L4,L4-12C,12288,2,2
L4,L4-6C,6144,4,4
L4,L4-4C,4096,6,4
T4,T4-16C,16384,1,0
T4,T4-8C,8192,2,0
T4,T4-4C,4096,4,0)";

// shared/reference/placements.txt, in GB units: board, type size, placement IDs.
struct PlacementRow {
  int board, size;
  std::vector<int> ids;
};
const std::vector<PlacementRow> kPlacements = {
    {80, 16, {0, 24, 40, 64}},
    {80, 8, {0, 12, 20, 32, 40, 52, 60, 72}},
    {80, 4, {0, 6, 10, 16, 20, 26, 30, 36, 40, 46, 50, 56, 60, 66, 70, 76}},
    {80, 20, {0, 20, 40, 60}},
    {40, 8, {0, 12, 20, 32}},
    {40, 4, {0, 6, 10, 16, 20, 26, 30, 36}},
    {24, 8, {0, 16}},
    {24, 4, {0, 8, 12, 20}},
    {24, 2, {0, 4, 6, 10, 12, 16, 18, 22}},
    {24, 1, {0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23}},
    {94, 23, {0, 24, 47, 71}},
    {94, 15, {0, 32, 47, 79}},
    {94, 11, {0, 12, 23, 36, 47, 59, 70, 83}},
    {94, 6, {0, 17, 23, 41, 47, 64, 70, 88}},
    {94, 4, {0, 7, 11, 19, 23, 31, 35, 43, 47, 54, 58, 66, 70, 78, 82, 90}},
};

const GpuModel& gpu(std::string_view name) {
  const GpuModel* g = Catalog::builtin().find_gpu(name);
  REQUIRE(g != nullptr);
  return *g;
}

}  // namespace

TEST_CASE("Catalog: behaviour", "[catalog]") {
  const Catalog& c = Catalog::builtin();

  SECTION("every required board is present, by name and by alias, case-insensitively") {
    for (auto n :
         {"A100-PCIe-40GB", "A100-PCIe-80GB", "A100-SXM4-40GB", "A100-SXM4-80GB", "H100-PCIe-80GB",
          "H100-SXM5-80GB", "H100-NVL-94GB", "H200-SXM-141GB", "L40S", "A10", "L4", "T4"}) {
      CHECK(c.find_gpu(n) != nullptr);
    }
    CHECK(c.find_gpu("A100D")->name == "A100-PCIe-80GB");
    CHECK(c.find_gpu("a100dx")->name == "A100-SXM4-80GB");
    CHECK(c.find_gpu("H100XM")->name == "H100-SXM5-80GB");
    CHECK(c.find_gpu("H100L")->name == "H100-NVL-94GB");
    CHECK(c.find_gpu("H200")->name == "H200-SXM-141GB");
    CHECK(c.find_gpu("h100-pcie-80gb")->vgpu_prefix == "H100");
    CHECK(c.find_gpu("V100") == nullptr);
    CHECK(c.find_vgpu("a100d-20c")->name == "A100D-20C");
    CHECK(c.find_vgpu("A100D-5G") == nullptr);
    CHECK(c.gpu_names().size() == c.gpus().size());
  }

  SECTION("board figures are loaded in SI units") {
    const GpuModel& a = gpu("A100-PCIe-80GB");
    CHECK(a.framebuffer_mib == 81920);
    CHECK(a.peak(Precision::bf16) == Approx(312e12));
    CHECK(a.memory_bandwidth == Approx(1935e9));
    CHECK(a.host_link == "PCIe Gen4 x16");
    CHECK(a.host_link_bandwidth == Approx(25e9));
    CHECK(a.max_power_w == 300);
    CHECK(a.idle_power_w < a.max_power_w);
    CHECK(a.mig_capable);
    CHECK(a.mixed_size_supported);
    CHECK(a.price_per_hour > 0);
    CHECK_FALSE(gpu("T4").mixed_size_supported);
    CHECK_FALSE(gpu("L40S").mig_capable);
    CHECK(gpu("H100-SXM5-80GB").host_link_bandwidth == Approx(50e9));
  }

  SECTION("peak falls back to the next wider precision the board has") {
    const GpuModel& t4 = gpu("T4");
    CHECK(t4.peak(Precision::bf16) == Approx(65e12));   // no bf16 path: runs as fp16
    CHECK(t4.peak(Precision::tf32) == Approx(8.1e12));  // no tf32: plain fp32
    CHECK(t4.peak(Precision::fp8) == Approx(65e12));
    const GpuModel& a100 = gpu("A100-SXM4-80GB");
    CHECK_FALSE(a100.peak_flops.contains(Precision::fp8));
    CHECK(a100.peak(Precision::fp8) == Approx(312e12));
    CHECK(gpu("L4").peak(Precision::fp8) == Approx(242.5e12));
    CHECK(gpu("H100-SXM5-80GB").peak(Precision::int8) == Approx(1979e12));
    CHECK(parse_precision("BF16") == Precision::bf16);
    CHECK_FALSE(parse_precision("fp4").has_value());
    CHECK(precision_names().size() == 7);
  }

  SECTION("every sampled reference-table maximum, T4 without mixed size") {
    std::istringstream in(kReference);
    std::string line;
    int rows = 0;
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::stringstream ls(line);
      for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
      INFO(line);
      const VgpuType* v = c.find_vgpu(f[1]);
      REQUIRE(v != nullptr);
      CHECK(v->gpu == f[0]);
      CHECK(v->framebuffer_mib == std::stoll(f[2]));
      CHECK(v->max_equal == std::stoi(f[3]));
      CHECK(v->max_mixed == std::stoi(f[4]));
      CHECK(v->series == 'C');
      // 5.0's rows are unchanged in the current tables (aie6-vgpu-c), except H100-16C, whose
      // AIE 6 row misprints 6 (docs/catalog.md): that one keeps the vGPU 17 guide's figure.
      CHECK((v->source.starts_with("aie6-vgpu-c:T") || v->source == "vgpu17-ug:A.14"));
      ++rows;
    }
    CHECK(rows == 42);
  }

  SECTION("SXM variants carry the numbers of their PCIe sibling, now from their own tables") {
    for (auto [base, variant] : {std::pair{"H100-16C", "H100XM-16C"},
                                 {"A100-8C", "A100X-8C"},
                                 {"A100D-3-40C", "A100DX-3-40C"}}) {
      const VgpuType* b = c.find_vgpu(base);
      const VgpuType* v = c.find_vgpu(variant);
      REQUIRE(v != nullptr);
      CHECK(v->source != b->source);
      CHECK(v->framebuffer_mib == b->framebuffer_mib);
      CHECK(v->max_equal == b->max_equal);
      CHECK(v->max_mixed == b->max_mixed);
      CHECK(v->placement_ids == b->placement_ids);
      CHECK(v->mig_profile == b->mig_profile);
    }
    CHECK(c.vgpu_types_of("H100XM").size() == c.vgpu_types_of("H100").size());
  }

  SECTION("placement IDs, MIG-backed types and series parsing") {
    CHECK(c.find_vgpu("A100D-16C")->placement_ids == std::vector<int>{0, 24, 40, 64});
    CHECK(c.find_vgpu("A100D-16C")->placement_unit_mib == 1024);
    CHECK(c.find_vgpu("T4-4C")->placement_ids.empty());
    CHECK(c.find_vgpu("L40S-16C")->placement_source == "bisection");
    CHECK(c.find_vgpu("A100D-16C")->placement_source == "table");
    CHECK(c.find_vgpu("H200X-28C")->placement_source == "spaced");
    const VgpuType* me = c.find_vgpu("A100D-1-10CME");
    CHECK(me->series == 'C');
    CHECK(me->mode == VgpuMode::mig);
    CHECK(me->mig_profile == "1g.10gb+me");
    CHECK(c.find_vgpu("H100L-4C")->placement_ids.size() == 16);
    CHECK(c.find_vgpu("H200X-7-141C")->mig_profile == "7g.141gb");
    for (const auto& v : c.vgpu_types()) {
      INFO(v.name);
      CHECK(v.placement_ids.size() == static_cast<size_t>(v.max_mixed));
      if (v.mode == VgpuMode::mig) CHECK(gpu(v.gpu).find_mig_profile(v.mig_profile));
    }
  }

  SECTION("the placement rule reproduces every NVIDIA table and every shipped row") {
    for (const auto& r : kPlacements) {
      INFO(r.board << "GB board, " << r.size << "GB vGPU");
      CHECK(derive_mixed_placements(r.board, r.size) == r.ids);
    }
    // Every shipped row follows the rule it names; "table" rows are the bisection rule too
    // (that is how it was found), "spaced" rows keep NVIDIA's count where the rule cannot.
    for (const auto& v : c.vgpu_types()) {
      if (v.max_mixed == 0) continue;
      INFO(v.name);
      const GpuModel& g = gpu(v.gpu);
      const int board = static_cast<int>(g.framebuffer_mib / 1024);
      const int size = static_cast<int>((v.framebuffer_mib + 1023) / 1024);
      if (v.placement_source == "spaced") {
        CHECK(derive_mixed_placements(board, size).size() != static_cast<size_t>(v.max_mixed));
        CHECK(spaced_mixed_placements(board, v.max_mixed) == v.placement_ids);
        CHECK(board / v.max_mixed >= size);  // spaced IDs never overlap
      } else {
        CHECK((v.placement_source == "table" || v.placement_source == "bisection"));
        CHECK(derive_mixed_placements(board, size) == v.placement_ids);
      }
    }
  }

  SECTION("MIG profiles: starts, sizes and names per board") {
    const GpuModel& a = gpu("A100-PCIe-40GB");
    CHECK(a.find_mig_profile("1g.5gb")->starts == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
    CHECK(a.find_mig_profile("2g.10gb")->starts == std::vector<int>{0, 2, 4});
    CHECK(a.find_mig_profile("3g.20gb")->starts == std::vector<int>{0, 4});
    CHECK(a.find_mig_profile("3g.20gb")->memory_slices == 4);
    CHECK(a.find_mig_profile("4g.20gb")->starts == std::vector<int>{0});
    CHECK(a.find_mig_profile("7g.40gb")->memory_slices == 8);
    CHECK(a.find_mig_profile("1g.10gb")->starts == std::vector<int>{0, 2, 4, 6});
    CHECK(a.find_mig_profile("1g.5gb+me")->max_instances == 1);
    for (auto n :
         {"1g.12gb", "1g.12gb+me", "1g.24gb", "2g.24gb", "3g.47gb", "4g.47gb", "7g.94gb"}) {
      CHECK(gpu("H100-NVL-94GB").find_mig_profile(n));
    }
    for (auto n : {"1g.18gb", "1g.35gb", "2g.35gb", "3g.71gb", "4g.71gb", "7g.141gb"}) {
      CHECK(gpu("H200").find_mig_profile(n));
    }
    CHECK(gpu("L4").mig_profiles.empty());
    // Throughput share: SM counts where known, else slices/7 * efficiency.
    CHECK(a.mig_compute_fraction(*a.find_mig_profile("7g.40gb")) == Approx(98.0 / 108));
    const GpuModel& nvl = gpu("H100L");
    CHECK(nvl.mig_compute_fraction(*nvl.find_mig_profile("1g.24gb")) == Approx(26.0 / 132));
    const GpuModel& h = gpu("H100");
    CHECK(h.mig_compute_fraction(*h.find_mig_profile("2g.20gb")) == Approx(2.0 / 7 * 0.86));
  }

  SECTION("A100 40GB maximal layouts: NVIDIA's 19 supported configurations") {
    // With the original five profiles: the left half (slices 0-3) holds 4g, 3g, or two pairs
    // each 2g or 1g+1g (4 ways): 6 options; the right half holds 3g@4, or 2g@4 + 1g@6, or
    // 1g@4 + 1g@5 + 1g@6 (slice 7 is reachable only by 3g@4 / 7g): 3 options. Compute never
    // exceeds 4 + 3 = 7, so 6 * 3 = 18, plus 7g alone = 19, as in the MIG user guide.
    MigLayoutOptions classic;
    classic.profiles = {"1g.5gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"};
    auto layouts = maximal_mig_layouts(gpu("A100-PCIe-40GB"), classic);
    CHECK(layouts.size() == 19);
    CHECK(layouts.front().to_string() == "7g.40gb@0");
    std::set<std::string> seen;
    for (const auto& l : layouts) {
      CHECK(seen.insert(l.to_string()).second);
      CHECK(l.compute_slices(gpu("A100-PCIe-40GB")) <= 7);
    }
    CHECK(seen.contains("4g.20gb@0 + 2g.10gb@4 + 1g.5gb@6"));
    CHECK(seen.contains("3g.20gb@0 + 3g.20gb@4"));
    CHECK(
        seen.contains("1g.5gb@0 + 1g.5gb@1 + 1g.5gb@2 + 1g.5gb@3 + 1g.5gb@4 + 1g.5gb@5 + "
                      "1g.5gb@6"));
    // Adding the double-memory 1g.10gb: each 2-slice pair gains a third filling, and slices
    // 6-7 a second one: left (2 + 3*3) * right (1 + 3*2) + 7g = 11 * 7 + 1 = 78.
    const GpuModel& h = gpu("H100-NVL-94GB");
    auto all = maximal_mig_layouts(h);
    CHECK(all.size() == 78);
    CHECK(maximal_mig_layouts(gpu("A100-PCIe-40GB")).size() == 78);
    for (const auto& l : all) {
      std::vector<std::string> names;
      for (const auto& i : l.instances) names.push_back(i.profile);
      std::string why;
      CHECK(place_mig_layout(h, names, nullptr, &why));
    }
    CHECK(maximal_mig_layouts(gpu("T4")).empty());
    MigLayoutOptions me;
    me.include_media_extensions = true;
    CHECK(maximal_mig_layouts(h, me).size() > all.size());
  }

  SECTION("place_mig_layout finds starts or says why not") {
    const GpuModel& a = gpu("A100-PCIe-40GB");
    std::vector<int> starts;
    std::string why;
    REQUIRE(place_mig_layout(a, {"1g.5gb", "3g.20gb", "2g.10gb", "1g.5gb"}, &starts, &why));
    CHECK(starts.size() == 4);
    CHECK(starts[1] == 4);  // a 3g next to a 2g and two 1g must take the right half
    CHECK_FALSE(place_mig_layout(a, {"4g.20gb", "3g.20gb", "1g.5gb"}, nullptr, &why));
    CHECK(why.find("8 compute slices") != std::string::npos);
    CHECK_FALSE(place_mig_layout(a, {"3g.20gb", "3g.20gb", "1g.10gb"}, nullptr, &why));
    CHECK(why.find("memory slices") != std::string::npos);
    CHECK_FALSE(place_mig_layout(a, {"1g.5gb+me", "1g.5gb+me"}, nullptr, &why));
    CHECK(why.find("at most 1") != std::string::npos);
    CHECK_FALSE(place_mig_layout(a, {"3g.40gb"}, nullptr, &why));
    CHECK(why.find("known: 1g.5gb") != std::string::npos);
    CHECK_FALSE(place_mig_layout(gpu("L4"), {"1g.5gb"}, nullptr, &why));
    CHECK(why.find("does not support MIG") != std::string::npos);
  }

  SECTION("single instances: fixed starts, overlaps, free starts") {
    const GpuModel& a = gpu("A100-PCIe-80GB");
    std::string why;
    CHECK_FALSE(mig_instance_fits(a, {}, "4g.40gb", 4, &why));
    CHECK(why.find("valid starts {0}") != std::string::npos);
    std::vector<MigInstance> placed{{"3g.40gb", 4}};
    CHECK_FALSE(mig_instance_fits(a, placed, "2g.20gb", 4, &why));
    CHECK(why.find("overlaps") != std::string::npos);
    CHECK(mig_instance_fits(a, placed, "4g.40gb", 0));
    CHECK(free_mig_starts(a, placed, "2g.20gb") == std::vector<int>{0, 2});
    CHECK(free_mig_starts(a, {{"3g.40gb", 0}}, "1g.20gb") == std::vector<int>{4, 6});
  }

  SECTION("upsert replaces by name and appends new entries") {
    Catalog copy = c;
    GpuModel g = *copy.find_gpu("L4");
    g.price_per_hour = 9.5;
    copy.upsert_gpu(g);
    CHECK(copy.gpus().size() == c.gpus().size());
    CHECK(copy.find_gpu("L4")->price_per_hour == 9.5);
    g.name = "L4-custom";
    g.aliases.clear();
    copy.upsert_gpu(g);
    CHECK(copy.gpus().size() == c.gpus().size() + 1);
    VgpuType v = *copy.find_vgpu("L4-4C");
    v.max_equal = 3;
    copy.upsert_vgpu(v);
    CHECK(copy.find_vgpu("L4-4C")->max_equal == 3);
    CHECK(c.find_vgpu("L4-4C")->max_equal == 6);
  }

  SECTION("bad catalog data fails loudly with file and line") {
    const std::string gpus =
        "name,aliases,architecture,vgpu_prefix,framebuffer_mib,fp64_tflops,fp32_tflops,"
        "tf32_tflops,fp16_tflops,bf16_tflops,fp8_tflops,int8_tops,memory_bw_gbs,host_link,"
        "host_link_gbs,nvlink,idle_w,max_w,sm_count,mig_capable,mig_compute_slices,"
        "mig_memory_slices,mig_efficiency,mixed_size,price_per_hour,source\n"
        "# comment\n"
        "X1,,Ampere,X1,1024,1,1,,,,,,100,PCIe Gen4 x16,25,,10,50,10,no,,,1,maybe,1,test\n";
    try {
      (void)Catalog::from_csv(gpus, "name\n", "gpu\n");
      FAIL("no exception");
    } catch (const std::logic_error& e) {
      CHECK(std::string(e.what()).find("data/catalog/gpus.csv:3:") != std::string::npos);
      CHECK(std::string(e.what()).find("maybe") != std::string::npos);
    }
  }
}
