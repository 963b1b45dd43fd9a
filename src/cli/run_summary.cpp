#include "run_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "vgpusim/output/service_outputs.hpp"
#include "vgpusim/trace/alibaba_openb.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim::cli {
namespace {

constexpr size_t kServicesListed = 5;

std::string pct(double fraction) {
  return fmt::format("{:.1f} %", 100 * fraction);
}

class Lines {
 public:
  void add(std::string_view what, const std::string& value) {
    text_ += fmt::format("  {:<30}{}\n", what, value);
  }
  std::string& text() { return text_; }

 private:
  std::string text_;
};

void packing(Lines& l, const RunResult& r) {
  const auto& t = r.tasks;
  const double cap = static_cast<double>(std::max<int64_t>(1, t.capacity_milli));
  l.add("tasks (imported)", fmt::format("{} placed, {} dropped of {} arrived",
                                        format_count(t.placed), format_count(t.dropped),
                                        format_count(t.arrived)));
  const auto curve = allocation_curve(t.arrived_milli, t.allocated_milli, t.capacity_milli, 100);
  const double arrived = t.arrived_milli.empty() ? 0 : 100.0 * t.arrived_milli.back() / cap;
  l.add("allocation at 100 % arrived",
        curve[100].tasks > 0
            ? fmt::format("{:.2f} % of GPU capacity", curve[100].allocated_pct)
            : fmt::format("not reached (the stream brings {:.1f} % of capacity)", arrived));
  l.add("allocation at the end",
        fmt::format("{:.2f} % of capacity, after {:.2f} % arrived",
                    t.allocated_milli.empty() ? 0.0 : 100.0 * t.allocated_milli.back() / cap,
                    arrived));
}

void jobs(Lines& l, const Summary& s) {
  l.add("jobs", fmt::format("{} done, {} failed, {} unfinished (of {})", format_count(s.jobs_done),
                            format_count(s.jobs_failed), format_count(s.jobs_unfinished),
                            format_count(s.jobs_submitted)));
  if (s.jobs_done > 0) {
    l.add("makespan", format_duration(s.makespan));
    l.add("job completion time",
          fmt::format("mean {}, p50 {}, p95 {}", format_duration(s.jct.mean),
                      format_duration(s.jct.p50), format_duration(s.jct.p95)));
  }
  if (s.queue_delay.count > 0)
    l.add("queueing delay", fmt::format("mean {}, p95 {}", format_duration(s.queue_delay.mean),
                                        format_duration(s.queue_delay.p95)));
}

void services(Lines& l, const RunResult& r) {
  if (r.services.empty()) return;
  int with_slo = 0, met = 0;
  std::vector<std::string> rows;
  for (const auto& sv : r.services) {
    const ServiceFigures f = service_figures(sv, r.end_time);
    if (f.slo_met) ++with_slo, met += *f.slo_met ? 1 : 0;
    if (rows.size() >= kServicesListed) continue;
    std::string targets;
    for (const auto& g : f.slos)
      targets += fmt::format("{}p{:g} {} (target {}, {:.1f} % under)", targets.empty() ? "" : "; ",
                             g.percentile, format_duration(sv.latency.percentile(g.percentile)),
                             format_duration(g.target), 100 * g.under);
    rows.push_back(fmt::format(
        "job {} {}: {}, {} served, {:.1f}/s; {}{}", sv.job, sv.stage, to_string(sv.status),
        format_count(f.served), f.throughput,
        targets.empty() ? "p99 " + format_duration(sv.latency.percentile(99)) : targets,
        f.slo_met ? (*f.slo_met ? " - met" : " - MISSED") : ""));
  }
  l.add("services", with_slo > 0 ? fmt::format("{} of {} with SLO targets met them ({} services)",
                                               met, with_slo, r.services.size())
                                 : fmt::format("{} (no SLO targets)", r.services.size()));
  for (const auto& row : rows) l.add("", row);
  if (r.services.size() > rows.size())
    l.add("", fmt::format("... {} more in requests.csv", r.services.size() - rows.size()));
}

void mobility(Lines& l, const RunResult& r) {
  const MobilityTotals& m = r.mobility;
  if (!r.migrations.empty() || m.refused > 0) {
    double down = 0, worst = 0, bytes = 0;
    for (const auto& x : r.migrations)
      down += x.downtime, worst = std::max(worst, x.downtime),
          bytes += x.ram_bytes + x.framebuffer_bytes;
    l.add("live migrations",
          fmt::format("{} ({} refused); downtime {} in all, worst {}; {} moved",
                      format_count(static_cast<int64_t>(r.migrations.size())),
                      format_count(m.refused), format_duration(down), format_duration(worst),
                      format_bytes(bytes)));
  }
  if (m.restarts > 0)
    l.add("restarts from checkpoint", fmt::format("{} ({:.1f} GPU-hours of work redone)",
                                                  format_count(m.restarts),
                                                  m.lost_work_gpu_s / 3600));
  if (m.power_offs + m.boots > 0)
    l.add("power management",
          fmt::format("{} power-offs, {} boots", format_count(m.power_offs),
                      format_count(m.boots)));
}

std::string money_or_none(double usd, bool known) {
  return known ? format_money(usd) : "no price";
}

}  // namespace

std::string run_summary_text(const RunResult& r, const Summary& s, const std::string& out) {
  Lines l;
  l.text() = fmt::format("vgpusim {} | scenario {} | seed {} | policy {} / {}\n", VGPUSIM_VERSION,
                         r.scenario, r.seed, r.policy, r.queue);
  const bool packing_run = r.tasks.arrived > 0;
  if (packing_run) packing(l, r);
  if (s.jobs_submitted > 0 || !packing_run) jobs(l, s);
  l.add("GPUs", packing_run && s.jobs_submitted == 0
                    ? fmt::format("{} GPUs", format_count(r.total_gpus))
                    : fmt::format("{} GPUs: allocation {} (peak {}), utilisation {}",
                                  format_count(r.total_gpus), pct(s.gpu_allocation),
                                  pct(s.peak_allocation), pct(s.gpu_utilisation)));
  services(l, r);
  mobility(l, r);
  const bool priced = s.unpriced_boards.empty();
  const double energy_usd = s.energy_j / 3.6e6 * r.mobility.price_per_kwh;
  l.add("energy", fmt::format("{:.1f} kWh ({})", s.energy_j / 3.6e6, format_money(energy_usd)));
  std::string cost = "GPU list price " + money_or_none(s.cost, priced);
  if (r.mobility.licence_model != "none")
    cost += fmt::format(", licence {}", format_money(s.licence_usd));
  cost += ", total " + money_or_none(s.cost + s.licence_usd + energy_usd, priced);
  if (priced && s.gpu_hours_provisioned > 0)
    cost += fmt::format(" ({} per GPU-hour)",
                        format_money((s.cost + s.licence_usd + energy_usd) /
                                     s.gpu_hours_provisioned));
  l.add("cost", cost);
  l.add("outputs", out);
  l.add("wall time", fmt::format("{:.2f} s", r.wall_seconds));
  return l.text();
}

}  // namespace vgpusim::cli
