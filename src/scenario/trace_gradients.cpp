// `workflows.import.gradients`: the gradient traffic of replayed jobs that span servers
// (docs/traces.md, "Multi-server jobs"). A trace records no model, batch or iteration time,
// so what such a job all-reduces is the scenario's assumption, ResNet-50's by default;
// `gradients: none` replays them without traffic.
#include <fmt/format.h>

#include <limits>

#include "loader_parts.hpp"
#include "vgpusim/scenario/param_reader.hpp"
#include "vgpusim/workload/replay.hpp"
#include "vgpusim/workload/train.hpp"

namespace vgpusim::loader {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The keys inside `gradients`, and where each goes on the replay stage.
struct GradientKey {
  const char* key;
  const char* stage_key;  // null: turned into gradient_bytes
};
constexpr GradientKey kKeys[] = {{"params", nullptr},
                                 {"gradient_bytes", "gradient_bytes"},
                                 {"iteration", "iteration"},
                                 {"bucket", "bucket"},
                                 {"overlap", "overlap"},
                                 {"iterations_per_round", "iterations_per_round"}};

}  // namespace

const std::vector<ParamSpec>& trace_gradient_params() {
  static const std::vector<ParamSpec> specs{
      {"gradients.params", ParamType::number, fmt::format("{}", kReplayDefaultParams), false,
       "workflows.import: parameters of the model a multi-server job trains (default: "
       "ResNet-50); gradient bytes = params x 4 at `precision` fp32 / tf32, x 2 otherwise",
       {}, 1, kInf, "parameters"},
      {"gradients.gradient_bytes", ParamType::bytes, "", false,
       "workflows.import: bytes all-reduced per iteration, instead of `params`", {}, 0, kInf, ""},
      {"gradients.iteration", ParamType::duration, fmt::format("{}s", kReplayDefaultIterationS),
       false,
       "workflows.import: iteration time of a multi-server job on its reference ring (default: "
       "ResNet-50 v1.5 FP32, 112 images at 367 img/s on a V100)",
       {}, 1e-6, kInf, ""},
      {"gradients.bucket", ParamType::bytes, "25MiB", false,
       "workflows.import: gradient bucket (PyTorch DDP bucket_cap_mb); all but the last are "
       "reduced during the backward pass",
       {}, 1, kInf, ""},
      {"gradients.overlap", ParamType::number, "", false,
       "workflows.import: fraction of the all-reduce during the backward pass (default: 1 - "
       "bucket / gradient bytes)",
       {}, 0, 1, "fraction"},
      {"gradients.iterations_per_round", ParamType::integer, "", false,
       "workflows.import: iterations merged into one round of activities (default: about six "
       "hours of them)",
       {}, 1, kInf, "iterations"}};
  return specs;
}

void read_trace_gradients(const ImportSource& src, StageSpec& stage) {
  YamlReader& r = src.reader;
  const YAML::Node g = src.node["gradients"];
  const std::string path = YamlReader::join(src.path, "gradients");
  if (g.IsDefined() && g.IsScalar()) {
    if (g.Scalar() != "none")
      r.error(g, path,
              fmt::format("'{}' is not a gradient model: give a map ({{params, gradient_bytes, "
                          "iteration, bucket, overlap, iterations_per_round}}) or `none`",
                          g.Scalar()));
    return;  // none: multi-server jobs hold their GPUs for their recorded time, no traffic
  }
  if (g.IsDefined() && !g.IsNull() && !r.expect_map(g, path)) return;
  if (g.IsMap()) {
    std::vector<ParamSpec> inner;
    for (const GradientKey& k : kKeys) {
      ParamSpec spec;
      spec.key = k.key;
      inner.push_back(spec);
    }
    check_param_names(r, g, path, inner, "workflows.import.gradients");
    if (g["params"].IsDefined() && g["gradient_bytes"].IsDefined())
      r.error(g["gradient_bytes"], YamlReader::join(path, "gradient_bytes"),
              "give either `params` or `gradient_bytes`, not both");
  }
  const ParamValues& p = src.params;
  const Precision precision = precision_param(p.text("precision", "fp32"));
  for (const GradientKey& k : kKeys) {
    const std::string key = std::string("gradients.") + k.key;
    if (!p.has(key)) continue;
    if (k.stage_key)
      stage.params.numbers[k.stage_key] = p.number(key);
    else if (!p.has("gradients.gradient_bytes"))
      stage.params.numbers["gradient_bytes"] = p.number(key) * gradient_element_bytes(precision);
  }
}

}  // namespace vgpusim::loader
