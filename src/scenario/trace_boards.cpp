// Boards that published traces name and the built-in catalog lacks (docs/traces.md,
// "Boards of the traces"). Figures from NVIDIA datasheets; G2 and G3 are anonymised in the
// openb trace, so they carry no figures (packing needs only the name; a replay on them
// runs at the reference's speed).
#include "loader_parts.hpp"

namespace vgpusim::loader {
namespace {

struct TraceBoard {
  const char* name;
  int64_t framebuffer_mib;
  double fp64, fp32, fp16;  // dense TFLOP/s (0: not published, or no fast path)
  double memory_gbs;
  double max_w;
  int sms;
};
constexpr TraceBoard kTraceBoards[] = {
    {"P100", 16384, 4.7, 9.3, 18.7, 732, 250, 56},               // Tesla P100 PCIe 16 GB
    {"P40", 24576, 0.37, 11.8, 0, 346, 250, 30},                 // Tesla P40 (Philly)
    {"V100-SXM2-32GB", 32768, 7.8, 15.7, 125, 900, 300, 80},     // Tesla V100 SXM2 32 GB
    {"V100M16", 16384, 7.8, 15.7, 125, 900, 300, 80},            // openb: V100 SXM2 16 GB
    {"V100M32", 32768, 7.8, 15.7, 125, 900, 300, 80},            // openb: V100 SXM2 32 GB
    {"G2", 0, 0, 0, 0, 0, 0, 0},
    {"G3", 0, 0, 0, 0, 0, 0, 0},
};
// The servers of these traces are PCIe hosts; a board without figures is given PCIe Gen3
// x16 (the T4's entry: 13 GB/s usable per direction).
constexpr double kPcieGen3Bytes = 13e9;

}  // namespace

const GpuModel* ensure_trace_board(Scenario& s, const std::string& name, bool any_name) {
  if (const GpuModel* g = s.catalog.find_gpu(name)) return g;
  const TraceBoard* known = nullptr;
  for (const auto& b : kTraceBoards)
    if (name == b.name) known = &b;
  if (!known && !any_name) return nullptr;
  GpuModel g;
  g.name = name;
  g.vgpu_prefix = name;
  g.host_link = "PCIe Gen3 x16";
  g.host_link_bandwidth = kPcieGen3Bytes;
  if (known) {
    g.framebuffer_mib = known->framebuffer_mib;
    if (known->fp64 > 0) g.peak_flops[Precision::fp64] = known->fp64 * 1e12;
    if (known->fp32 > 0) g.peak_flops[Precision::fp32] = known->fp32 * 1e12;
    if (known->fp16 > 0) g.peak_flops[Precision::fp16] = known->fp16 * 1e12;
    g.memory_bandwidth = known->memory_gbs * 1e9;
    g.max_power_w = known->max_w;
    g.sm_count = known->sms;
  }
  s.catalog.upsert_gpu(std::move(g));
  return s.catalog.find_gpu(name);
}

std::string trace_board_names() {
  std::string r;
  for (const auto& b : kTraceBoards)
    if (b.fp32 > 0) r += (r.empty() ? "" : ", ") + std::string(b.name);
  return r;
}

}  // namespace vgpusim::loader
