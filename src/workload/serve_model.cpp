#include "vgpusim/workload/serve_model.hpp"

#include <cmath>
#include <stdexcept>

#include "vgpusim/workload/llm_params.hpp"
#include "vgpusim/workload/optimize.hpp"  // kDefaultReferenceGpu, kInferenceReferencePrecision

namespace vgpusim {

double sample_exponential(double mean, double u) {
  // 1 - u is in (0, 1], so the log is finite.
  return -mean * std::log1p(-u);
}

std::vector<StageParamSpec> serve_param_specs() {
  std::vector<StageParamSpec> specs{
      {"requests.rate", ParamType::rate, "", false, "Poisson arrival rate (e.g. 200/s)", {}},
      {"requests.duration", ParamType::duration, "", false, "how long requests arrive", {}},
      {"requests.trace",
       ParamType::text,
       "",
       false,
       "CSV of request arrival times, instead of a Poisson rate",
       {}},
      {"service_time",
       ParamType::duration,
       "",
       false,
       "time to serve a batch of 1 on a whole reference GPU (without `model`)",
       {}},
      {"reference_gpu",
       ParamType::text,
       kDefaultReferenceGpu,
       false,
       "board `service_time` was measured on",
       {}},
      {"batching.max_batch", ParamType::integer, "1", false, "largest batch a replica runs", {}},
      {"batching.max_delay",
       ParamType::duration,
       "0s",
       false,
       "longest a request waits for its batch to fill",
       {}},
      {"batch_scaling",
       ParamType::number,
       "0.12",
       false,
       "batch time growth per extra request: t(b) = t(1) x (1 + batch_scaling x (b-1))",
       {}},
      {"service",
       ParamType::choice,
       "deterministic",
       false,
       "service-time distribution (exponential: for M/M/c checks)",
       {"deterministic", "exponential"}},
      {"dispatch",
       ParamType::choice,
       "shared_queue",
       false,
       "how requests reach replicas: one shared queue, or join-shortest-queue",
       {"shared_queue", "jsq"}},
      {"slo.p50", ParamType::duration, "", false, "latency target for the median", {}},
      {"slo.p95", ParamType::duration, "", false, "latency target for the 95th percentile", {}},
      {"slo.p99", ParamType::duration, "", false, "latency target for the 99th percentile", {}},
  };
  for (auto& spec : llm_param_specs()) specs.push_back(std::move(spec));
  return specs;
}

std::vector<StageParamIssue> validate_serve_params(const StageParams& p, const Catalog& c) {
  std::vector<StageParamIssue> issues;
  const bool rate = p.has("requests.rate"), trace = p.has("requests.trace");
  if (rate && trace)
    issues.push_back({"requests.trace", "give `requests.rate` or `requests.trace`, not both"});
  else if (!rate && !trace)
    issues.push_back({"requests",
                      "serve needs `requests.rate` (with `requests.duration`) or "
                      "`requests.trace`"});
  if (rate && !(p.number("requests.rate") > 0))
    issues.push_back({"requests.rate", "`requests.rate` must be > 0"});
  if (rate && !p.has("requests.duration"))
    issues.push_back({"requests.duration", "a Poisson `requests.rate` needs `requests.duration`"});
  check_positive(p, {"requests.duration"}, issues);
  if (serves_llm(p)) {
    if (p.has("service_time"))
      issues.push_back({"service_time", "give `service_time` or `model`, not both: an LLM's "
                                        "times follow from the model and the GPU slice"});
    for (auto& i : validate_llm_params(p)) issues.push_back(std::move(i));
  } else {
    if (!p.has("service_time"))
      issues.push_back({"service_time", "serve needs `service_time` (batch of 1) or `model`"});
    else if (!(p.number("service_time") > 0))
      issues.push_back({"service_time", "`service_time` must be > 0"});
    for (auto& i : stray_llm_params(p)) issues.push_back(std::move(i));
  }
  const double mb = p.number("batching.max_batch", 1);
  if (!(mb >= 1) || mb != std::floor(mb))
    issues.push_back({"batching.max_batch", "`batching.max_batch` must be an integer >= 1"});
  if (p.number("batching.max_delay", 0) < 0)
    issues.push_back({"batching.max_delay", "`batching.max_delay` must be >= 0"});
  if (p.number("batch_scaling", kServeDefaultBatchScaling) < 0)
    issues.push_back({"batch_scaling", "`batch_scaling` must be >= 0"});
  check_positive(p, {"slo.p50", "slo.p95", "slo.p99"}, issues);
  check_known_gpu("reference_gpu", p.text("reference_gpu", kDefaultReferenceGpu), c, issues);
  const std::string svc = p.text("service", "deterministic");
  if (svc != "deterministic" && svc != "exponential")
    issues.push_back(
        {"service", "unknown service '" + svc + "'; known: deterministic, exponential"});
  const std::string disp = p.text("dispatch", "shared_queue");
  if (disp != "shared_queue" && disp != "jsq")
    issues.push_back({"dispatch", "unknown dispatch '" + disp + "'; known: shared_queue, jsq"});
  return issues;
}

ServeModel ServeModel::from_params(const StageParams& p, const Catalog* catalog) {
  const Catalog& c = catalog ? *catalog : Catalog::builtin();
  auto issues = validate_serve_params(p, c);
  if (!issues.empty())
    throw std::invalid_argument(issues.front().key + ": " + issues.front().message);
  ServeModel m;
  m.rate = p.number("requests.rate", 0);
  m.duration_s = p.number("requests.duration", 0);
  m.trace = p.text("requests.trace");
  m.service_time_s = p.number("service_time", 0);
  if (serves_llm(p)) {
    m.llm = llm_serving_from_params(p);
    m.llm_requests = llm_requests_from_params(p);
  }
  if (p.has("slo.ttft")) m.slo_ttft_s = p.number("slo.ttft");
  if (p.has("slo.tpot")) m.slo_tpot_s = p.number("slo.tpot");
  if (p.has("slo.latency")) m.slo_latency_s = p.number("slo.latency");
  m.reference_gpu = p.text("reference_gpu", kDefaultReferenceGpu);
  m.reference_peak = resolve_reference_gpu(m.reference_gpu, &c).peak(kInferenceReferencePrecision);
  m.max_batch = static_cast<int>(p.number("batching.max_batch", 1));
  m.max_delay_s = p.number("batching.max_delay", 0);
  m.batch_scaling = p.number("batch_scaling", kServeDefaultBatchScaling);
  m.service = p.text("service") == "exponential" ? ServiceDistribution::exponential
                                                 : ServiceDistribution::deterministic;
  m.dispatch = p.text("dispatch") == "jsq" ? Dispatch::jsq : Dispatch::shared_queue;
  if (p.has("slo.p50")) m.slo_p50_s = p.number("slo.p50");
  if (p.has("slo.p95")) m.slo_p95_s = p.number("slo.p95");
  if (p.has("slo.p99")) m.slo_p99_s = p.number("slo.p99");
  return m;
}

double ServeModel::batch_service_time(int b, const GpuModel& board, double share,
                                      double speedup) const {
  if (b < 1) throw std::invalid_argument("batch size must be >= 1");
  if (!(share > 0)) throw std::invalid_argument("GPU share must be > 0");
  if (!(speedup > 0)) throw std::invalid_argument("speed-up must be > 0");
  const double board_peak = board.peak(kInferenceReferencePrecision);
  if (!(board_peak > 0))
    throw std::invalid_argument("board " + board.name + " has no fp16 peak throughput");
  return service_time_s * (1.0 + batch_scaling * (b - 1)) * (reference_peak / board_peak) /
         (share * speedup);
}

double ServeModel::sample_batch_service_time(int b, const GpuModel& board, double share,
                                             double speedup, double u) const {
  const double mean = batch_service_time(b, board, share, speedup);
  return service == ServiceDistribution::exponential ? sample_exponential(mean, u) : mean;
}

namespace {
// serve has no compute phases; the engine drives it with a ServeModel. An LLM replica
// reads its weights from storage before it serves: the model's weights once per instance
// (tensor_parallel GPUs hold one copy between them).
class ServePlan : public StageCostModel {
 public:
  explicit ServePlan(const StageParams& p) : p_(p) {}
  StagePlan plan(const StageResources& res) const override {
    StagePlan plan;
    if (!serves_llm(p_)) return plan;
    const LlmServing s = llm_serving_from_params(p_);
    const int instances = std::max(1, res.gpus / std::max(1, s.tensor_parallel));
    plan.read_bytes = s.model.params * bytes_per_element(s.weights) * instances;
    return plan;
  }

 private:
  StageParams p_;
};
}  // namespace

StageKindInfo serve_kind_info() {
  StageKindInfo info;
  info.params = serve_param_specs();
  info.is_service = true;
  info.small_kernels = true;  // per-request inference: small kernels (docs/slicing.md)
  info.validate = validate_serve_params;
  info.validate_slice = [](const StageParams& p, const StageSlice& slice) {
    return serves_llm(p) ? check_llm_slice(p, slice) : std::vector<StageParamIssue>{};
  };
  info.make = [](const StageParams& p) -> std::unique_ptr<StageCostModel> {
    return std::make_unique<ServePlan>(p);
  };
  return info;
}

}  // namespace vgpusim
