// Data tests of the built-in catalog against NVIDIA's tables (docs/catalog.md names them): the
// types of every board, their per-GPU maxima, the MIG geometry of each MIG board and its
// maximal layouts, and that every row names a source documented in docs/catalog.md.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/catalog/mig_layout.hpp"
#include "vgpusim/cluster/slice_rules.hpp"

using namespace vgpusim;

namespace {

const GpuModel& board(std::string_view name) {
  const GpuModel* g = Catalog::builtin().find_gpu(name);
  REQUIRE(g != nullptr);
  return *g;
}

struct TypeCount {
  int time_sliced = 0, mig = 0;
  bool operator==(const TypeCount&) const = default;
};

TypeCount count_types(const Catalog& c, const std::string& gpu) {
  TypeCount n;
  for (const VgpuType* v : c.vgpu_types_of(gpu)) ++(v->mode == VgpuMode::mig ? n.mig : n.time_sliced);
  return n;
}

// Time-sliced types for which NVIDIA's equal-size maximum is below framebuffer / type
// framebuffer (the 141 GB Hopper tables cap 8 GB at 16 and 4 GB at 32 per GPU).
const std::set<std::string> kCappedBelowFit = {"H200X-8C", "H200X-4C", "H200-8C",
                                               "H200-4C",  "H20X-8C",  "H20X-4C"};

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

size_t layout_count(const GpuModel& g, std::vector<std::string> profiles = {}) {
  MigLayoutOptions o;
  o.profiles = std::move(profiles);
  return maximal_mig_layouts(g, o).size();
}

}  // namespace

TEST_CASE("Catalog release: boards, types and MIG geometry of NVIDIA's tables", "[catalog]") {
  const Catalog& c = Catalog::builtin();

  SECTION("every board the release lists, by architecture, with its number of types") {
    // (time-sliced, MIG-backed) C-series types per board in NVIDIA's tables.
    const std::map<std::string, TypeCount> expected = {
        {"B200-SXM-180GB", {1, 7}},  // vGPU 20.0 device config: only the full-size time-sliced type
        {"H200-SXM-141GB", {9, 7}},  {"H200-NVL-141GB", {9, 7}}, {"H100-PCIe-80GB", {8, 7}},
        {"H100-SXM5-80GB", {8, 7}},  {"H100-NVL-94GB", {7, 7}},  {"H100-SXM5-94GB", {7, 7}},
        {"H100-SXM5-64GB", {5, 7}},  {"H800-PCIe-80GB", {8, 7}}, {"H800-SXM5-80GB", {8, 7}},
        {"H800-NVL-94GB", {7, 7}},   {"H20-SXM5-96GB", {7, 7}},  {"H20-SXM5-141GB", {9, 7}},
        {"L40S", {7, 0}},            {"L40", {7, 0}},            {"L20", {7, 0}},
        {"L4", {5, 0}},              {"A100-PCIe-40GB", {6, 7}}, {"A100-SXM4-40GB", {6, 7}},
        {"A100-PCIe-80GB", {7, 7}},  {"A100-SXM4-80GB", {7, 7}}, {"A800-PCIe-40GB", {6, 7}},
        {"A800-PCIe-80GB", {7, 7}},  {"A800-SXM4-80GB", {7, 7}}, {"A30", {5, 5}},
        {"A40", {7, 0}},             {"A16", {3, 0}},            {"A10", {5, 0}},
        {"A2", {3, 0}},              {"T4", {3, 0}}};
    CHECK(c.gpus().size() == expected.size());
    for (const auto& [name, n] : expected) {
      INFO(name);
      CHECK(count_types(c, board(name).name) == n);
      CHECK_FALSE(board(name).architecture.empty());
    }
    CHECK(board("B200").architecture == "Blackwell");
    CHECK(board("H20").architecture == "Hopper");
    CHECK(board("L20").architecture == "Ada Lovelace");
    CHECK(board("A30").architecture == "Ampere");
    CHECK(board("T4").architecture == "Turing");
  }

  SECTION("max per GPU is framebuffer / type framebuffer wherever NVIDIA's table says so") {
    for (const auto& v : c.vgpu_types()) {
      if (v.mode != VgpuMode::time_sliced) continue;
      INFO(v.name);
      const int64_t fit = board(v.gpu).framebuffer_mib / v.framebuffer_mib;
      if (kCappedBelowFit.contains(v.name))
        CHECK(v.max_equal < fit);
      else
        CHECK(v.max_equal == fit);
      CHECK(v.max_mixed <= v.max_equal);
    }
    CHECK(c.find_vgpu("H200X-4C")->max_equal == 32);
    CHECK(c.find_vgpu("H200X-8C")->max_equal == 16);
    // The current release allows as many H200 vGPUs in mixed size as in equal size ...
    CHECK(c.find_vgpu("H200-28C")->max_mixed == 5);
    CHECK(c.find_vgpu("H200X-7C")->max_mixed == 20);
    // ... and fewer on H20 96GB than the power-of-two rule of the 80/94 GB tables would.
    CHECK(c.find_vgpu("H20-24C")->max_mixed == 2);
    CHECK(c.find_vgpu("H20-24C")->placement_ids == std::vector<int>{0, 48});
    // 94 GB types as the tables print them.
    CHECK(c.find_vgpu("H100L-94C")->framebuffer_mib == 96246);
    CHECK(c.find_vgpu("H100L-1-24C")->framebuffer_mib == 24672);
    // AIE 6's "6" for H100-16C cannot fit 80 GB; the vGPU 17 guide's 5 stays.
    CHECK(c.find_vgpu("H100-16C")->max_equal == 5);
    // Boards added from the same tables (T53-T62, T81-T82, T93-T100) and NVIDIA's vGPU 20.0
    // device configuration (A2, B200): counts as printed there.
    CHECK(c.find_vgpu("H100XS-4C")->max_equal == 16);
    CHECK(c.find_vgpu("H100XS-4C")->max_mixed == 16);
    CHECK(c.find_vgpu("H800L-4C")->max_equal == 23);
    CHECK(c.find_vgpu("H800L-4C")->max_mixed == 16);
    CHECK(c.find_vgpu("H100XL-15C")->max_mixed == 4);
    CHECK(c.find_vgpu("A800-8C")->max_equal == 5);
    CHECK(c.find_vgpu("A800DX-4C")->max_equal == 20);
    CHECK(c.find_vgpu("A2-4C")->max_equal == 4);
    CHECK(c.find_vgpu("A2-4C")->max_mixed == 0);  // A2 has no mixed-size mode
    CHECK(c.find_vgpu("B200X-180C")->max_equal == 1);
  }

  SECTION("every row names a source that docs/catalog.md explains") {
    const std::string doc = read_text(VGPUSIM_TEST_DATA "/../../docs/catalog.md");
    REQUIRE_FALSE(doc.empty());
    auto documented = [&](const std::string& key) {
      const std::string doc_key = key.substr(0, key.find(':'));
      return doc.find("`" + doc_key + "`") != std::string::npos;
    };
    for (const auto& g : c.gpus()) {
      INFO(g.name);
      REQUIRE_FALSE(g.source.empty());
      for (const auto& w : words(g.source)) CHECK(documented(w));
      for (const auto& p : g.mig_profiles) {
        INFO(p.name);
        REQUIRE_FALSE(p.source.empty());
        for (const auto& w : words(p.source)) CHECK(documented(w));
      }
    }
    for (const auto& v : c.vgpu_types()) {
      INFO(v.name);
      CHECK(documented(v.source));
      CHECK(v.source.find(':') != std::string::npos);  // document and table
      if (v.max_mixed > 0) CHECK(documented(v.placement_source));
    }
  }

  SECTION("A30: 4 compute and 4 memory slices, its own milli and compute shares") {
    const GpuModel& a30 = board("A30");
    CHECK(a30.mig_compute_slices == 4);
    CHECK(a30.mig_memory_slices == 4);
    CHECK(a30.find_mig_profile("1g.6gb")->starts == std::vector<int>{0, 1, 2, 3});
    CHECK(a30.find_mig_profile("2g.12gb")->starts == std::vector<int>{0, 2});
    CHECK(a30.find_mig_profile("4g.24gb")->memory_slices == 4);
    CHECK(mig_profile_milli(a30, *a30.find_mig_profile("1g.6gb")) == 250);
    CHECK(mig_profile_milli(a30, *a30.find_mig_profile("2g.12gb")) == 500);
    CHECK(mig_profile_milli(a30, *a30.find_mig_profile("4g.24gb")) == 1000);
    CHECK(vgpu_type_milli(*c.find_vgpu("A30-2-12C"), a30) == 500);
    // 14 of 56 SMs (nvidia-smi mig -lgip on A30): a quarter of the GPU, no MIG-mode loss.
    CHECK(a30.mig_compute_fraction(*a30.find_mig_profile("1g.6gb")) == Approx(0.25));
    // The A100 rule (x/7) would be wrong here: compute slices are of 4.
    CHECK(vgpu_type_milli(*c.find_vgpu("A100-3-20C"), board("A100")) == 428);

    std::vector<int> starts;
    std::string why;
    CHECK(place_mig_layout(a30, {"2g.12gb", "1g.6gb", "1g.6gb"}, &starts, &why));
    CHECK(starts == std::vector<int>{0, 2, 3});
    CHECK_FALSE(place_mig_layout(a30, {"4g.24gb", "1g.6gb"}, nullptr, &why));
    CHECK(why == "the profiles need 5 compute slices; A30 has 4");
    CHECK_FALSE(mig_instance_fits(a30, {{"2g.12gb", 0}, {"1g.6gb", 2}}, "2g.12gb", 2, &why));
    CHECK(free_mig_starts(a30, {{"2g.12gb", 2}}, "1g.6gb") == std::vector<int>{0, 1});
  }

  SECTION("maximal MIG layouts: A100 40GB's 19, A30's 5, 78 on every 7x8 board") {
    CHECK(layout_count(board("A100-PCIe-40GB"),
                       {"1g.5gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb"}) == 19);
    // A30 (MIG user guide, A30 configurations): 4g; 2g+2g; 2g+1g+1g; 1g+1g+2g; 4 x 1g.
    const auto a30 = maximal_mig_layouts(board("A30"));
    REQUIRE(a30.size() == 5);
    std::set<std::string> seen;
    for (const auto& l : a30) seen.insert(l.to_string());
    CHECK(seen == std::set<std::string>{"4g.24gb@0", "2g.12gb@0 + 2g.12gb@2",
                                        "2g.12gb@0 + 1g.6gb@2 + 1g.6gb@3",
                                        "1g.6gb@0 + 1g.6gb@1 + 2g.12gb@2",
                                        "1g.6gb@0 + 1g.6gb@1 + 1g.6gb@2 + 1g.6gb@3"});
    for (const auto& g : c.gpus()) {
      if (!g.mig_capable || g.mig_compute_slices != 7) continue;
      INFO(g.name);
      CHECK(g.mig_memory_slices == 8);
      CHECK(layout_count(g) == 78);
    }
    CHECK(layout_count(board("B200")) == 78);
    CHECK(layout_count(board("H100XS")) == 78);
    CHECK(layout_count(board("A800")) == 78);
  }

  SECTION("H100 SXM5 64GB: the Hopper geometry with 8 GB memory slices (T99)") {
    const GpuModel& g = board("H100XS");
    CHECK(g.framebuffer_mib == 64 * 1024);
    CHECK(g.find_mig_profile("1g.8gb")->max_instances == 7);
    CHECK(g.find_mig_profile("1g.16gb")->memory_slices == 2);
    CHECK(g.find_mig_profile("3g.32gb")->starts == std::vector<int>{0, 4});
    CHECK(c.find_vgpu("H100XS-3-32C")->max_equal == 2);
    std::vector<int> starts;
    std::string why;
    CHECK(place_mig_layout(g, {"3g.32gb", "2g.16gb", "1g.8gb", "1g.8gb"}, &starts, &why));
    CHECK(starts == std::vector<int>{4, 0, 2, 3});
  }

  SECTION("B200: the MIG user guide's profiles on the 180 GB board, NVIDIA's B200X types") {
    const GpuModel& b = board("B200");
    CHECK(b.framebuffer_mib == 180 * 1024);
    CHECK(b.vgpu_prefix == "B200X");
    // Each MIG-backed type fills the GPU with as many instances as its profile allows.
    const std::map<std::string, std::pair<std::string, int>> mig_types = {
        {"B200X-1-23C", {"1g.23gb", 7}}, {"B200X-1-23CME", {"1g.23gb+me", 1}},
        {"B200X-1-45C", {"1g.45gb", 4}}, {"B200X-2-45C", {"2g.45gb", 3}},
        {"B200X-3-90C", {"3g.90gb", 2}}, {"B200X-4-90C", {"4g.90gb", 1}},
        {"B200X-7-180C", {"7g.180gb", 1}}};
    for (const auto& [name, pm] : mig_types) {
      INFO(name);
      const VgpuType* v = c.find_vgpu(name);
      REQUIRE(v != nullptr);
      CHECK(v->mode == VgpuMode::mig);
      CHECK(v->mig_profile == pm.first);
      CHECK(v->max_equal == pm.second);
      CHECK(v->framebuffer_mib == b.find_mig_profile(pm.first)->framebuffer_mib);
    }
    CHECK(c.find_vgpu("B200X-180C")->framebuffer_mib == b.framebuffer_mib);
    for (auto n : {"1g.23gb", "1g.23gb+me", "1g.45gb", "2g.45gb", "3g.90gb", "4g.90gb",
                   "7g.180gb"}) {
      INFO(n);
      REQUIRE(b.find_mig_profile(n));
    }
    CHECK(b.find_mig_profile("1g.23gb")->max_instances == 7);
    CHECK(b.find_mig_profile("1g.45gb")->memory_slices == 2);
    CHECK(b.find_mig_profile("3g.90gb")->starts == std::vector<int>{0, 4});
    CHECK(b.peak(Precision::fp8) == Approx(4.5e15));
  }
}
