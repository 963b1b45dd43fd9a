#include "vgpusim/output/report_html.hpp"

#include <fmt/format.h>

#include <cmath>

#include "report_charts.hpp"
#include "vgpusim/output/svg_chart.hpp"
#include "vgpusim/util/atomic_file.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim {
namespace {

// Print-friendly: white background, no colour needed to tell series apart in the legends
// (dashes and labels), sections kept whole on a page.
constexpr const char* kStyle = R"(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1a1a1a; background: #fff; max-width: 1040px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 4px; }
h3 { font-size: 13px; margin: 0 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #444; }
.meta { color: #555; margin: 0 0 18px; }
section { border-top: 1px solid #ddd; padding: 14px 0 8px; break-inside: avoid; }
.note { color: #444; margin: 0 0 8px; max-width: 980px; }
figure { margin: 0 0 10px; }
.row { display: flex; gap: 20px; flex-wrap: wrap; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 14px; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 10px 12px; }
.card table { width: 100%; border-collapse: collapse; }
.card td { padding: 2px 0; border-bottom: 1px solid #f0f0f0; }
.card td.v { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; padding-left: 8px; }
table.data { border-collapse: collapse; font-size: 13px; margin-top: 6px; }
table.data th, table.data td { border-bottom: 1px solid #e5e5e5; padding: 3px 10px 3px 0; text-align: left; }
table.data td { font-variant-numeric: tabular-nums; }
td.bad { color: #b30000; font-weight: 700; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-size: 11px; fill: #333; }
svg text.label { font-size: 12px; fill: #111; }
svg text.group { font-size: 12px; font-weight: 700; fill: #111; }
svg text.small, svg text.value { font-size: 10px; }
svg .grid { stroke: #e6e6e6; }
svg .baseline, svg .tick { stroke: #555; }
svg .marker { stroke: #777; stroke-dasharray: 2 3; }
svg .target { stroke: #000; stroke-width: 2; stroke-dasharray: 4 3; }
footer { color: #666; font-size: 12px; border-top: 1px solid #ddd; padding-top: 8px; }
@media print { body { max-width: none; margin: 0; } .cards { grid-template-columns: repeat(3, 1fr); } }
)";

std::string row(const std::string& name, const std::string& value) {
  return fmt::format("<tr><td>{}</td><td class=\"v\">{}</td></tr>\n", svg::escape(name), value);
}

std::string money(double usd) {
  return std::isfinite(usd) ? format_money(usd) : "no price";
}

// A packing run (an imported task stream, no workflows): tasks, not jobs.
bool packing_only(const ReportData& d) {
  return d.jobs_submitted == 0 && d.tasks_arrived > 0;
}

std::string tasks_card(const ReportData& d) {
  std::string t = row("tasks arrived", std::to_string(d.tasks_arrived));
  t += row("placed", std::to_string(d.tasks_placed));
  t += row("dropped (no place)", std::to_string(d.tasks_dropped));
  t += row("allocated at 100 % arrived", fmt::format("{:.2f} %", d.allocated_pct_at_100));
  t += row("allocated at the end", fmt::format("{:.2f} %", d.allocated_pct_final));
  return "<div class=\"card\"><h3>Tasks</h3><table>\n" + t + "</table></div>\n";
}

std::string headline(const ReportData& d) {
  using report::duration;
  using report::percent;
  std::string jobs = row("jobs done", fmt::format("{} of {}", d.jobs_done, d.jobs_submitted));
  if (d.jobs_failed + d.jobs_unfinished > 0)
    jobs += row("failed / unfinished", fmt::format("{} / {}", d.jobs_failed, d.jobs_unfinished));
  const bool any_done = d.jobs_done > 0;  // otherwise completion times do not exist
  jobs += row("makespan", any_done ? duration(d.makespan) : "-");
  jobs += row("job completion time, mean", any_done ? duration(d.jct_mean) : "-");
  jobs += row("job completion time, p95", any_done ? duration(d.jct_p95) : "-");
  jobs += row("queueing delay, mean", duration(d.queue_mean));
  jobs += row("queueing delay, p95", duration(d.queue_p95));
  if (d.stages_rejected > 0) jobs += row("stages rejected", std::to_string(d.stages_rejected));
  if (d.services_with_slo > 0)
    jobs +=
        row("services meeting SLOs", fmt::format("{} of {}", d.services_met, d.services_with_slo));

  std::string gpus = row("GPUs", std::to_string(d.total_gpus));
  gpus += row("allocation mean / peak",
              percent(d.allocation_mean) + " / " + percent(d.allocation_peak));
  gpus += row("utilisation mean", percent(d.utilisation_mean));
  gpus += row("GPU-hours provisioned", fmt::format("{:.1f}", d.gpu_hours_provisioned));
  gpus += row("GPU-hours busy", fmt::format("{:.1f}", d.gpu_hours_busy));
  gpus += row("live migrations", d.migrations == 0 ? std::string("0")
                                                   : fmt::format("{} ({} downtime)", d.migrations,
                                                                 duration(d.migration_downtime)));
  if (d.restarts > 0) gpus += row("restarts from checkpoint", std::to_string(d.restarts));

  std::string cost = row("energy", fmt::format("{:.1f} kWh", d.energy_kwh));
  cost += row("GPU list price", money(d.cost_gpu_usd));
  if (d.licence_model != "none")
    cost += row(fmt::format("licence (NVIDIA AI Enterprise, {})", d.licence_model),
                money(d.cost_licence_usd));
  cost += row("energy cost", money(d.cost_energy_usd));
  cost += row("total cost", money(d.cost_total_usd));
  if (d.gpu_hours_provisioned > 0)
    cost += row("per provisioned GPU-hour", money(d.cost_total_usd / d.gpu_hours_provisioned));
  if (!d.boards_without_price.empty()) {
    std::string boards;
    for (const auto& b : d.boards_without_price) boards += (boards.empty() ? "" : ", ") + b;
    cost += row("boards without a list price", svg::escape(boards));
  }
  cost += row("simulated time", duration(d.end_time));

  return fmt::format(
      "<section>\n<h2>Headline figures</h2>\n<div class=\"cards\">\n{}"
      "<div class=\"card\"><h3>GPUs</h3><table>\n{}</table></div>\n"
      "<div class=\"card\"><h3>Energy and cost</h3><table>\n{}</table></div>\n</div>\n</section>\n",
      packing_only(d) ? tasks_card(d)
                      : "<div class=\"card\"><h3>Jobs</h3><table>\n" + jobs + "</table></div>\n",
      gpus, cost);
}

}  // namespace

const char* report_stylesheet() {
  return kStyle;
}

std::string render_report_html(const ReportData& d) {
  using report::duration;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += fmt::format("<title>vgpusim report: {}</title>\n", svg::escape(d.scenario));
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<style>{}</style>\n</head>\n<body>\n", kStyle);
  out += fmt::format(
      "<header>\n<h1>{}</h1>\n<p class=\"meta\">seed <b>{}</b> · placement <b>{}</b> · queue "
      "<b>{}</b> · {} GPUs · simulated {}{}</p>\n</header>\n",
      svg::escape(d.scenario), d.seed, svg::escape(d.policy), svg::escape(d.queue), d.total_gpus,
      duration(d.end_time), d.horizon > 0 ? fmt::format(" (horizon {})", duration(d.horizon)) : "");
  out += headline(d);
  out += report::packing_section(d);
  out += report::allocation_section(d);
  if (!packing_only(d)) {  // tasks have no queue, completion or stage residency to draw
    out += report::queue_section(d);
    out += report::waiting_section(d);
    out += report::jct_section(d);
    out += report::occupancy_section(d);
  }
  out += report::events_section(d);
  out += report::services_section(d);
  out += report::energy_section(d);
  out += fmt::format(
      "<footer>vgpusim {} · drawn from summary.json and the CSV tables of this run "
      "(docs/outputs.md); <code>vgpusim report DIR</code> redraws it.</footer>\n",
      svg::escape(d.version));
  return out + "</body>\n</html>\n";
}

void rerender_report(const std::filesystem::path& dir) {
  write_file_atomically(dir / "report.html", render_report_html(report_data(read_run_files(dir))));
}

}  // namespace vgpusim
