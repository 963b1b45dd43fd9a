#include "vgpusim/scenario/memory_estimate.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "vgpusim/util/diagnostics.hpp"
#include "vgpusim/util/units.hpp"
#include "vgpusim/workload/llm_batcher.hpp"
#include "vgpusim/workload/llm_params.hpp"

namespace vgpusim {
namespace {

// Peak RSS per item, measured on 2026-12-01 (Release build, default outputs: CSVs, trace and
// report) as the slope between two run sizes (docs/robustness.md, "Memory budget"), rounded
// up: a job under 0.1 KB once CSV rows are streamed (0.7 KB before), a stage run 3.3 KB (its
// records, trace slices, report data), a server 13.4 KB (SimGrid host, NIC link, route,
// agent, records), a GPU 3 KB.
constexpr double kBytesPerJob = 512;
constexpr double kBytesPerStageRun = 3.5 * 1024;
constexpr double kBytesPerServer = 14 * 1024;
constexpr double kBytesPerGpu = 3 * 1024;
// An imported single-task request (the packing experiment): its Request and records.
constexpr double kBytesPerTask = 512;
// The program, its libraries and the catalog: `vgpusim run` of the quickstart peaks at 40 MB.
constexpr double kBaseResident = 48.0 * (1 << 20);
// Address space beside the resident set and the actor stacks (code, libraries, allocator
// arenas): the quickstart runs under `ulimit -v 200000` and aborts under 100000.
constexpr double kBaseAddressSpace = 160.0 * (1 << 20);
// Actors beside the server agents alive at once (controller, arrivals, events, services,
// migrations, boots): a margin.
constexpr double kOtherActors = 64;

/// Jobs a workflow's arrival brings: listed times, a Poisson count, or the expected number of
/// a stream that runs to the horizon.
double jobs_of(const Scenario& s, const WorkflowSpec& wf) {
  const ArrivalSpec& a = wf.arrival;
  if (a.process == ArrivalSpec::Process::times) return static_cast<double>(a.times.size());
  const double until_horizon = s.horizon > 0 ? a.rate * std::max(0.0, s.horizon - a.start) : 0;
  if (a.count == 0) return until_horizon;
  return s.horizon > 0 ? std::min(static_cast<double>(a.count), until_horizon)
                       : static_cast<double>(a.count);
}

/// Requests a serve stage's stream brings per job, and the bytes each one takes while queued
/// (all of them, when the service falls behind: the queue is the only place they are held).
std::pair<double, double> requests_of(const StageSpec& st) {
  const bool llm = serves_llm(st.params);
  const double each = llm ? sizeof(LlmSequence) : sizeof(double);
  if (st.llm_requests) return {static_cast<double>(st.llm_requests->size()), each};
  if (st.request_times) return {static_cast<double>(st.request_times->size()), each};
  return {st.params.number("requests.rate", 0) * st.params.number("requests.duration", 0), each};
}

std::string count_text(double n) {
  return n < 1e15 ? format_count(static_cast<int64_t>(std::llround(n))) : fmt::format("{:.3g}", n);
}

}  // namespace

MemoryEstimate estimate_memory(const Scenario& s) {
  MemoryEstimate e;
  double servers = 0, gpus = 0;
  for (const auto& p : s.pools) {
    servers += p.count;
    gpus += static_cast<double>(p.count) * p.gpus_per_server;
  }
  double jobs = 0, stage_runs = 0, requests = 0, request_bytes = 0;
  for (const auto& wf : s.workflows) {
    const double n = jobs_of(s, wf);
    jobs += n;
    for (const auto& st : wf.stages) {
      stage_runs += n * std::max(1, st.replicas);
      if (!st.params.has("requests.rate") && !st.request_times && !st.llm_requests) continue;
      const auto [count, each] = requests_of(st);
      requests += n * count;
      request_bytes += n * count * each;
    }
  }
  const double tasks = static_cast<double>(s.task_stream.tasks.size());
  e.parts = {{"program", kBaseResident},
             {count_text(servers) + " servers", servers * kBytesPerServer},
             {count_text(gpus) + " GPUs", gpus * kBytesPerGpu},
             {count_text(jobs) + " jobs", jobs * kBytesPerJob},
             {count_text(stage_runs) + " stage runs", stage_runs * kBytesPerStageRun},
             {count_text(requests) + " requests queued at worst", request_bytes},
             {count_text(tasks) + " imported tasks", tasks * kBytesPerTask}};
  std::erase_if(e.parts, [](const auto& p) { return p.second <= 0; });
  for (const auto& p : e.parts) e.resident += p.second;
  // The program first (always there), then the rest biggest first.
  std::stable_sort(e.parts.begin() + 1, e.parts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  e.address_space =
      e.resident + kBaseAddressSpace + (servers + kOtherActors) * kActorStackKiB * 1024.0;
  return e;
}

MemoryBudget default_memory_budget() {
  MemoryBudget b;
  if (const char* env = std::getenv("VGPUSIM_MEMORY_BUDGET"); env && *env) {
    const UnitResult v = parse_quantity(env, Quantity::bytes);
    if (const auto* err = std::get_if<UnitError>(&v))
      throw InputError("VGPUSIM_MEMORY_BUDGET: " + err->message);
    b.resident = std::get<double>(v);
    b.source = fmt::format("VGPUSIM_MEMORY_BUDGET={}", env);
  } else {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    b.resident = pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0;
    b.source = "the machine's physical memory";
  }
  if (rlimit r{}; getrlimit(RLIMIT_AS, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
    b.address_space = static_cast<double>(r.rlim_cur);
  return b;
}

std::string memory_problem(const MemoryEstimate& e, const MemoryBudget& b) {
  std::string parts;
  for (const auto& [what, bytes] : e.parts)
    parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", what, format_bytes(bytes));
  if (b.resident > 0 && e.resident > b.resident)
    return fmt::format(
        "a run would need about {} of memory ({}), more than the budget of {} ({}); make the "
        "scenario smaller (fewer jobs, a shorter horizon) or set the budget with "
        "--memory-budget SIZE (docs/robustness.md)",
        format_bytes(e.resident), parts, format_bytes(b.resident), b.source);
  if (b.address_space > 0 && e.address_space > b.address_space)
    return fmt::format(
        "a run would reserve about {} of address space ({}; program and actor stacks {}), more "
        "than the process's limit of {} (ulimit -v); raise the limit or make the scenario "
        "smaller",
        format_bytes(e.address_space), parts, format_bytes(e.address_space - e.resident),
        format_bytes(b.address_space));
  return {};
}

}  // namespace vgpusim
