// The report's services section (docs/outputs.md): latency percentiles and SLO attainment
// per service, and for LLM services TTFT, TPOT and KV-cache occupancy over time.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "report_charts.hpp"
#include "vgpusim/output/svg_chart.hpp"

namespace vgpusim::report {

namespace {
// More services than this are left out of the charts (summary.json lists them all).
constexpr size_t kMaxServicesCharted = 30;

/// LLM services: TTFT and TPOT percentiles, and KV-cache occupancy over time.
std::string llm_charts(const ReportData& d, size_t n) {
  svg::BarChart ttft, tpot;
  ttft.title = "Time to first token per LLM service";
  tpot.title = "Time per output token per LLM service";
  for (svg::BarChart* c : {&ttft, &tpot}) {
    c->width = 490, c->height = 260;
    c->groups = {{"p50", svg::palette(5), {}}, {"p95", svg::palette(0), {}},
                 {"p99", svg::palette(3), {}}};
    c->value_suffix = " ms";
  }
  ttft.y = {"TTFT (ms)", 0.0, std::nullopt};
  tpot.y = {"TPOT (ms)", 0.0, std::nullopt};
  for (size_t i = 0; i < n; ++i) {
    const auto& s = d.services[i];
    if (!s.llm) continue;
    const std::string name = fmt::format("job {} {}", s.job, s.stage);
    ttft.categories.push_back(name);
    tpot.categories.push_back(name);
    for (auto [c, v] : {std::pair{&ttft, std::array{s.ttft_p50, s.ttft_p95, s.ttft_p99}},
                        {&tpot, std::array{s.tpot_p50, s.tpot_p95, s.tpot_p99}}})
      for (size_t g = 0; g < 3; ++g) {
        c->groups[g].values.push_back(v[g] * 1e3);
        if (g == 0) c->targets.push_back(std::nullopt);
      }
  }
  if (ttft.categories.empty()) return "";
  std::string out = "<figure>" + svg::render(ttft) + svg::render(tpot) + "</figure>\n";
  if (d.kv.empty()) return out;
  svg::LineChart kv;
  kv.title = "KV-cache occupancy of LLM services";
  kv.width = 1000, kv.height = 260;
  kv.x = {"simulated time (h)", std::nullopt, std::nullopt};
  kv.y = {"KV blocks in use (%)", 0.0, 100.0};
  for (size_t i = 0; i < d.kv.size() && i < n; ++i) {
    svg::Series s{d.kv[i].name, svg::palette(i), {}, {}};
    for (size_t k = 0; k < d.kv[i].t.size(); ++k) {
      s.x.push_back(d.kv[i].t[k] / 3600.0);
      s.y.push_back(d.kv[i].occupancy[k] * 100.0);
    }
    kv.series.push_back(std::move(s));
  }
  return out + "<figure>" + svg::render(kv) + "</figure>\n";
}
}  // namespace

std::string services_section(const ReportData& d) {
  if (d.services.empty()) return "";
  const size_t n = std::min(d.services.size(), kMaxServicesCharted);
  svg::BarChart lat;
  lat.title = "Latency percentiles per service";
  lat.width = 1000, lat.height = 280;
  lat.y = {"request latency (ms)", 0.0, std::nullopt};
  lat.groups = {
      {"p50", svg::palette(5), {}}, {"p95", svg::palette(0), {}}, {"p99", svg::palette(3), {}}};
  lat.value_suffix = " ms";
  svg::BarChart att;
  att.title = "SLO attainment per service";
  att.width = 1000, att.height = 260;
  att.y = {"% of requests within the target", 0.0, 100.0};
  att.groups = {{"within the strictest target", svg::palette(2), {}}};
  att.value_suffix = " %";
  bool any_slo = false;
  for (size_t i = 0; i < n; ++i) {
    const auto& s = d.services[i];
    const std::string name = fmt::format("job {} {}", s.job, s.stage);
    lat.categories.push_back(name);
    lat.groups[0].values.push_back(s.p50 * 1e3);
    lat.groups[1].values.push_back(s.p95 * 1e3);
    lat.groups[2].values.push_back(s.p99 * 1e3);
    // The highest percentile with a target is the strictest one.
    std::optional<double> target = s.slo_p99 ? s.slo_p99 : s.slo_p95 ? s.slo_p95 : s.slo_p50;
    std::optional<double> under = s.slo_p99 ? s.under_p99 : s.slo_p95 ? s.under_p95 : s.under_p50;
    const double need = s.slo_p99 ? 99 : s.slo_p95 ? 95 : 50;
    lat.targets.push_back(target ? std::optional<double>(*target * 1e3) : std::nullopt);
    att.categories.push_back(name);
    att.groups[0].values.push_back(under ? *under * 100 : 0);
    att.targets.push_back(target ? std::optional<double>(need) : std::nullopt);
    any_slo = any_slo || target.has_value();
  }
  std::string body = "<figure>" + svg::render(lat) + "</figure>\n";
  if (any_slo) body += "<figure>" + svg::render(att) + "</figure>\n";
  body += llm_charts(d, n);
  body +=
      "<table class=\"data\"><tr><th>job</th><th>workflow / "
      "stage</th><th>status</th><th>served</th>"
      "<th>throughput</th><th>p50</th><th>p95</th><th>p99</th><th>SLO "
      "targets</th><th>met</th></tr>\n";
  for (const auto& s : d.services) {
    std::string targets;
    for (auto [p, t] : {std::pair{"p50", s.slo_p50}, {"p95", s.slo_p95}, {"p99", s.slo_p99}})
      if (t) targets += fmt::format("{}{} ≤ {}", targets.empty() ? "" : ", ", p, duration(*t));
    body += fmt::format(
        "<tr><td>{}</td><td>{} / "
        "{}</td><td>{}</td><td>{}</td><td>{:.1f}/s</td><td>{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>\n",
        s.job, svg::escape(s.workflow), svg::escape(s.stage), s.status, s.served, s.throughput,
        duration(s.p50), duration(s.p95), duration(s.p99),
        targets.empty() ? "-" : svg::escape(targets), s.slo_met == "no" ? "bad" : "",
        s.slo_met.empty() ? "-" : s.slo_met);
  }
  body += "</table>\n";
  return section(
      "Services: latency and SLO attainment",
      fmt::format(
          "Request latency from arrival to the end of its batch. {} of {} services with targets "
          "met them all.{} Dashed: the target of the highest percentile given.",
          d.services_met, d.services_with_slo,
          d.services.size() > n ? fmt::format(" Charts show the first {} services.", n) : ""),
      body);
}
}  // namespace vgpusim::report
