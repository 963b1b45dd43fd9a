#include "vgpusim/output/service_outputs.hpp"

#include <fmt/format.h>

#include "vgpusim/util/csv_field.hpp"

namespace vgpusim {
namespace {

std::string num(double v) {
  return JsonWriter::format_number(v);
}

const SloFigure* slo_of(const ServiceFigures& f, double percentile) {
  for (const auto& s : f.slos)
    if (s.percentile == percentile) return &s;
  return nullptr;
}

/// "mean,p50,p95,p99" of `l` (",max" with `with_max`): the same columns for latency, TTFT
/// and TPOT in requests.csv.
std::string percentile_columns(const LatencyStats& l, bool with_max) {
  std::string out = fmt::format("{},{},{},{}", num(l.mean()), num(l.percentile(50)),
                                num(l.percentile(95)), num(l.percentile(99)));
  return with_max ? out + "," + num(l.max()) : out;
}

/// The LLM columns of requests.csv (empty fields for a service_time service).
std::string llm_columns(const ServiceRecord& s, const ServiceFigures& f) {
  if (!s.llm) return std::string(16, ',');  // 17 empty fields
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{}", csv_field(s.model), s.rejected,
                     s.iterations, s.prompt_tokens, s.output_tokens, num(f.tokens_per_s),
                     percentile_columns(s.ttft, false), percentile_columns(s.tpot, false), s.good,
                     num(f.goodput), num(s.kv_peak));
}

}  // namespace

ServiceFigures service_figures(const ServiceRecord& s, double run_end) {
  ServiceFigures f;
  f.served = s.latency.count();
  if (s.start >= 0) f.span = (s.end >= 0 ? s.end : run_end) - s.start;
  f.throughput = f.span > 0 ? static_cast<double>(f.served) / f.span : 0;
  f.batch_mean = s.batches ? static_cast<double>(f.served) / static_cast<double>(s.batches) : 0;
  f.wait_mean = f.served ? s.wait_sum / static_cast<double>(f.served) : 0;
  f.tokens_per_s = f.span > 0 ? static_cast<double>(s.output_tokens) / f.span : 0;
  f.goodput = f.span > 0 ? static_cast<double>(s.good) / f.span : 0;
  // The latency thresholds hold the given targets in the order p50, p95, p99.
  size_t t = 0;
  for (auto [pct, target] : {std::pair{50.0, s.slo_p50}, {95.0, s.slo_p95}, {99.0, s.slo_p99}}) {
    if (target < 0) continue;
    SloFigure g;
    g.percentile = pct;
    g.target = target;
    g.under = s.latency.fraction_at_or_under(t++);
    // Integer counts: under x n >= ceil(p n / 100) exactly when under >= p / 100.
    g.met = f.served > 0 && static_cast<double>(s.latency.at_or_under(t - 1)) * 100.0 >=
                                pct * static_cast<double>(f.served);
    f.slos.push_back(g);
  }
  if (!f.slos.empty()) {
    bool met = s.status == ServiceStatus::done;
    for (const auto& g : f.slos) met = met && g.met;
    f.slo_met = met;
  }
  return f;
}

std::string requests_csv(const RunResult& r) {
  std::string out =
      "job,workflow,stage,status,replicas,instances,dispatch,speedup,precision,start_s,end_s,"
      "requests,served,throughput_rps,batches,batch_mean,wait_mean_s,latency_mean_s,"
      "latency_p50_s,latency_p95_s,latency_p99_s,latency_max_s,slo_p50_s,slo_p95_s,slo_p99_s,"
      "under_slo_p50,under_slo_p95,under_slo_p99,slo_met,model,rejected,iterations,"
      "prompt_tokens,output_tokens,output_tokens_per_s,ttft_mean_s,ttft_p50_s,ttft_p95_s,"
      "ttft_p99_s,tpot_mean_s,tpot_p50_s,tpot_p95_s,tpot_p99_s,good,goodput_rps,kv_peak\n";
  for (const auto& s : r.services) {
    const ServiceFigures f = service_figures(s, r.end_time);
    auto slo = [&](double pct, bool target) {
      const SloFigure* g = slo_of(f, pct);
      return g ? num(target ? g->target : g->under) : std::string();
    };
    const auto& l = s.latency;
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
        s.job, csv_field(s.workflow), csv_field(s.stage), to_string(s.status), s.replicas,
        s.instances,
        s.dispatch, num(s.speedup), s.precision, s.start < 0 ? "" : num(s.start),
        s.end < 0 ? "" : num(s.end), s.arrived, f.served, num(f.throughput), s.batches,
        num(f.batch_mean), num(f.wait_mean), percentile_columns(l, true), slo(50, true), slo(95, true),
        slo(99, true), slo(50, false), slo(95, false), slo(99, false),
        f.slo_met ? (*f.slo_met ? "yes" : "no") : "", llm_columns(s, f));
  }
  return out;
}

std::string kv_occupancy_csv(const RunResult& r) {
  std::string out;
  for (const auto& s : r.services)
    for (const auto& [t, v] : s.kv_occupancy)
      out += fmt::format("{},{},{},{}\n", s.job, csv_field(s.stage), num(t), num(v));
  return out.empty() ? out : "job,stage,time_s,kv_occupancy\n" + out;
}

std::string scaling_csv(const RunResult& r) {
  std::string out;
  for (const auto& s : r.services)
    for (const ScaleEvent& e : s.scaling)
      out += fmt::format("{},{},{},{},{},{},{}\n", s.job, csv_field(s.stage), num(e.time),
                         to_string(e.kind), e.replica, e.serving, csv_field(e.reason));
  return out.empty() ? out : "job,stage,time_s,event,replica,serving,reason\n" + out;
}

namespace {
void percentiles_json(JsonWriter& w, const std::string& key, const LatencyStats& l) {
  w.key(key).begin_object();
  w.field("mean", l.mean()).field("p50", l.percentile(50)).field("p95", l.percentile(95));
  w.field("p99", l.percentile(99)).field("max", l.max());
  w.end_object();
}

void llm_json(JsonWriter& w, const ServiceRecord& s, const ServiceFigures& f) {
  w.begin_object();
  w.field("model", s.model).field("rejected", s.rejected).field("iterations", s.iterations);
  w.field("prompt_tokens", s.prompt_tokens).field("output_tokens", s.output_tokens);
  w.field("output_tokens_per_s", f.tokens_per_s);
  percentiles_json(w, "ttft_s", s.ttft);
  percentiles_json(w, "tpot_s", s.tpot);
  w.key("slo").begin_object();
  for (auto [k, v] : {std::pair{"ttft_s", s.slo_ttft}, {"tpot_s", s.slo_tpot}, {"latency_s", s.slo_latency}}) {
    w.key(k);
    if (v < 0)
      w.null();
    else
      w.value(v);
  }
  w.end_object();
  const auto served = s.latency.count();
  w.field("good", s.good).field("good_fraction", served ? static_cast<double>(s.good) / static_cast<double>(served) : 0.0);
  w.field("goodput_rps", f.goodput);
  w.field("kv_capacity_blocks", s.kv_capacity_blocks).field("kv_peak", s.kv_peak);
  int64_t ups = 0, lost = 0;
  for (const ScaleEvent& e : s.scaling) {
    ups += e.kind == ScaleEventKind::requested;
    lost += e.kind == ScaleEventKind::lost;
  }
  w.field("replicas_peak", s.replicas_peak).field("replicas_requested", ups);
  w.field("replicas_lost", lost);
  w.end_object();
}
}  // namespace

void services_json(JsonWriter& w, const RunResult& r) {
  int64_t with_slo = 0, met = 0;
  w.key("services").begin_array();
  for (const auto& s : r.services) {
    const ServiceFigures f = service_figures(s, r.end_time);
    const auto& l = s.latency;
    w.begin_object();
    w.field("job", s.job).field("workflow", s.workflow).field("stage", s.stage);
    w.field("status", std::string(to_string(s.status))).field("replicas", s.replicas).field("instances", s.instances);
    w.field("dispatch", s.dispatch).field("speedup", s.speedup);
    w.key("precision");
    if (s.precision.empty())
      w.null();
    else
      w.value(s.precision);
    w.field("requests", s.arrived).field("served", f.served);
    w.field("throughput_rps", f.throughput).field("batches", s.batches);
    w.field("batch_mean", f.batch_mean).field("wait_mean_s", f.wait_mean);
    percentiles_json(w, "latency_s", l);
    w.key("slo").begin_object();
    for (const auto& g : f.slos) {
      const std::string p = fmt::format("p{}", static_cast<int>(g.percentile));
      w.key(p).begin_object();
      w.field("target_s", g.target).field("under", g.under).field("met", g.met);
      w.end_object();
    }
    w.key("met");
    if (f.slo_met)
      w.value(*f.slo_met);
    else
      w.null();
    w.end_object();
    w.key("llm");
    if (s.llm)
      llm_json(w, s, f);
    else
      w.null();
    w.end_object();
    if (f.slo_met) {
      ++with_slo;
      met += *f.slo_met ? 1 : 0;
    }
  }
  w.end_array();
  w.key("services_slo").begin_object();
  w.field("services", static_cast<int64_t>(r.services.size()));
  w.field("with_slo", with_slo).field("met", met);
  w.field("attainment", with_slo ? static_cast<double>(met) / static_cast<double>(with_slo) : 1.0);
  w.end_object();
}

}  // namespace vgpusim
