// The built-in stage kinds, and helpers shared by their cost models.
#include <stdexcept>

#include "vgpusim/workload/optimize.hpp"
#include "vgpusim/workload/prep.hpp"
#include "vgpusim/workload/replay.hpp"
#include "vgpusim/workload/serve_model.hpp"
#include "vgpusim/workload/stage_kind.hpp"
#include "vgpusim/workload/train.hpp"

namespace vgpusim {

const StageKindRegistry& stage_kind_registry() {
  // Built once, on first use, so that no static-initialisation order matters.
  static const StageKindRegistry registry = [] {
    StageKindRegistry r("stage kind");
    auto add = [&r](std::string name, std::string description, StageKindInfo info) {
      std::vector<ParamSpec> params = info.params;
      r.add({std::move(name), std::move(description), std::move(params), std::move(info)});
    };
    add("train", "model training: 6 x params x tokens FLOPs at peak x MFU, with checkpoints",
        train_kind_info());
    add("prep",
        "data preparation: read data, process at a per-GPU (rapids) or per-vCPU (cpu) "
        "throughput, write output",
        prep_kind_info());
    add("optimize",
        "TensorRT engine build: reference build time scaled by model size and GPU "
        "speed; yields a speed-up for later serve stages",
        optimize_kind_info());
    add("serve",
        "Triton inference service: batched requests on replicas (a service, see "
        "ServeModel)",
        serve_kind_info());
    add("replay",
        "a job from a recorded trace: its recorded work on a reference board, stretched by "
        "the share and board it gets (docs/traces.md)",
        replay_kind_info());
    return r;
  }();
  return registry;
}

double peak_ratio(const GpuModel& reference, const GpuModel& board, Precision p) {
  const double board_peak = board.peak(p);
  if (!(board_peak > 0))
    throw std::invalid_argument("board " + board.name + " has no peak throughput for " +
                                std::string(to_string(p)));
  return reference.peak(p) / board_peak;
}

namespace {
std::string known_gpus(const Catalog& c) {
  std::string known;
  for (const auto& n : c.gpu_names()) known += (known.empty() ? "" : ", ") + n;
  return known;
}
}  // namespace

const GpuModel& resolve_reference_gpu(const std::string& name, const Catalog* catalog) {
  const Catalog& c = catalog ? *catalog : Catalog::builtin();
  if (const GpuModel* g = c.find_gpu(name)) return *g;
  throw std::invalid_argument("unknown reference GPU '" + name + "'; known: " + known_gpus(c));
}

Precision precision_param(const std::string& text) {
  if (auto p = parse_precision(text)) return *p;
  std::string known;
  for (const auto& n : precision_names()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown precision '" + text + "'; known: " + known);
}

void check_known_gpu(const std::string& key, const std::string& name, const Catalog& c,
                     std::vector<StageParamIssue>& issues) {
  if (!c.find_gpu(name)) issues.push_back({key, "unknown GPU '" + name + "'; known: " + known_gpus(c)});
}

void check_positive(const StageParams& p, std::initializer_list<const char*> keys,
                    std::vector<StageParamIssue>& issues) {
  for (const char* k : keys)
    if (p.has(k) && !(p.number(k) > 0)) issues.push_back({k, std::string("`") + k + "` must be > 0"});
}

}  // namespace vgpusim
