#include "vgpusim/output/decisions_output.hpp"

#include <fmt/format.h>

#include "vgpusim/util/csv_field.hpp"
#include "vgpusim/util/json_writer.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim {
namespace {

std::string candidates_text(const DecisionRow& d) {
  std::string out;
  for (const RankedCandidate& c : d.candidates) {
    out += out.empty() ? "" : ";";
    out += c.score ? fmt::format("{}={}", c.server, *c.score) : c.server;
  }
  return out;
}

std::string refusals_text(const DecisionRow& d) {
  std::string out;
  for (const PoolRefusal& p : d.pools) out += (out.empty() ? "" : " | ") + refusal_text(p);
  return out;
}

}  // namespace

std::string decisions_csv(const RunResult& r) {
  if (!r.decisions_recorded) return {};
  std::string out =
      "job,workflow,stage,attempt,first_s,last_s,attempts,outcome,reason,request,gpus,waited_s,"
      "candidates,refusals\n";
  for (const DecisionRow& d : r.decisions) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", d.job, csv_field(d.workflow),
                       csv_field(d.stage), d.attempt, JsonWriter::format_number(d.first),
                       JsonWriter::format_number(d.last), d.attempts, to_string(d.outcome),
                       csv_field(wait_reason(d)), csv_field(d.request),
                       JsonWriter::format_number(d.gpus), JsonWriter::format_number(d.waited),
                       csv_field(candidates_text(d)), csv_field(refusals_text(d)));
  }
  return out;
}

std::string explain_text(const RunResult& r, int64_t job) {
  std::string out;
  for (const DecisionRow& d : r.decisions) {
    if (d.job != job) continue;
    if (out.empty()) out = fmt::format("job {} ({}): placement attempts\n", job, d.workflow);
    std::string when = format_duration(d.first);
    if (d.last > d.first) when += fmt::format(" .. {} ({} attempts)", format_duration(d.last), d.attempts);
    else if (d.attempts > 1)
      when += fmt::format(" ({} attempts)", d.attempts);
    out += fmt::format("  {} #{} at {}: {}", d.stage, d.attempt, when, to_string(d.outcome));
    if (d.waited > 0) out += fmt::format(", waited {}", format_duration(d.waited));
    out += fmt::format(" [{}]\n", d.request);
    if (!d.candidates.empty()) out += fmt::format("      candidates: {}\n", candidates_text(d));
    for (const PoolRefusal& p : d.pools) out += fmt::format("      {}\n", refusal_text(p));
  }
  if (out.empty()) out = fmt::format("job {}: no placement attempt recorded (no such job, or it never arrived)\n", job);
  return out;
}

}  // namespace vgpusim
