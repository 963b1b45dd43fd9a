// The LLM-service events of the run recorder (docs/serving.md, docs/outputs.md).
#include <algorithm>

#include "vgpusim/output/run_recorder.hpp"

namespace vgpusim {

void RunRecorder::llm_service_started(ServiceRef v, double now, int instances, std::string model,
                                      int64_t kv_capacity_blocks, double slo_ttft,
                                      double slo_tpot, double slo_latency) {
  service_started(v, now, instances, 1.0, "");
  ServiceRecord& rec = r_.services[v];
  rec.replicas_peak = rec.replicas;
  rec.llm = true;
  rec.model = std::move(model);
  rec.kv_capacity_blocks = kv_capacity_blocks;
  rec.slo_ttft = slo_ttft;
  rec.slo_tpot = slo_tpot;
  rec.slo_latency = slo_latency;
}

void RunRecorder::llm_step_done(ServiceRef v, StageRef replica, int iterations, int gpus,
                                double start, double now, double gpu_s) {
  ServiceRecord& rec = r_.services[v];
  rec.iterations += iterations;
  rec.busy_gpu_seconds += gpu_s * gpus;
  StageRecord& sr = live(replica).rec;
  sr.compute_time += now - start;
  sr.gpu_seconds += gpu_s;
}

void RunRecorder::llm_request_done(ServiceRef v, const LlmRequestTimes& q) {
  ServiceRecord& rec = r_.services[v];
  const double latency = q.finish - q.arrival, ttft = q.first_token - q.arrival;
  rec.latency.add(latency);
  rec.ttft.add(ttft);
  rec.wait_sum += ttft;
  double tpot = 0;
  if (q.output > 1) {  // a request of one token has no inter-token time
    tpot = (q.finish - q.first_token) / static_cast<double>(q.output - 1);
    rec.tpot.add(tpot);
  }
  rec.prompt_tokens += q.prompt;
  rec.output_tokens += q.output;
  if ((rec.slo_ttft < 0 || ttft <= rec.slo_ttft) && (rec.slo_tpot < 0 || tpot <= rec.slo_tpot) &&
      (rec.slo_latency < 0 || latency <= rec.slo_latency))
    ++rec.good;
}

void RunRecorder::service_scaled(ServiceRef v, ScaleEvent e) {
  ServiceRecord& rec = r_.services[v];
  rec.replicas_peak = std::max(rec.replicas_peak, e.serving);
  rec.scaling.push_back(std::move(e));
}

void RunRecorder::llm_kv_level(ServiceRef v, double fraction) {
  r_.services[v].kv_peak = std::max(r_.services[v].kv_peak, fraction);
}

void RunRecorder::llm_kv_series(ServiceRef v, std::vector<std::pair<double, double>> series) {
  r_.services[v].kv_occupancy = std::move(series);
}

}  // namespace vgpusim
