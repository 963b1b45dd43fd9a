// The preemptive queue disciplines: srtf (shortest remaining time first, with the oracle
// run times a replayed trace gives) and las (Tiresias's discretised two-dimensional
// least-attained-service; Gu et al., "Tiresias: A GPU Cluster Manager for Distributed Deep
// Learning", NSDI '19). Which running jobs they stop is decided in preemption.cpp; the
// engine only carries it out. docs/policies.md, "Preemptive disciplines".
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "vgpusim/policy/queue_discipline.hpp"

namespace vgpusim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Shortest remaining time first. A waiting request's remaining time is its estimate (a
// resumed one's is what was left of it); a running job's is its estimate less the time it
// has held its GPUs. A shorter job preempts a longer one when it cannot otherwise start.
class ShortestRemainingFirst : public QueueDiscipline {
 public:
  using QueueDiscipline::QueueDiscipline;
  bool before(const Request& a, const Request& b) const override { return shorter_first(a, b); }
  bool preemptive() const override { return true; }
  double rank(const Request&, double, double remaining_s) const override { return remaining_s; }
};

// Discretised 2D-LAS. A job's attained service is GPUs x time held; queue k holds the jobs
// whose service lies in [T_k, T_k+1) (T_0 = 0), lower queues first, FIFO inside a queue by
// the time the job entered the queue (its submit or re-queue time). Running jobs are not
// preempted by waiting ones of their own queue. Starvation guard: a job that has run and
// then waited `starve_limit` times as long as it ran (wall time) goes back to the first
// queue with its service counted from zero again; 0 disables it.
class DiscretisedLas : public QueueDiscipline {
 public:
  DiscretisedLas(Backfill b, int64_t window, std::vector<double> thresholds, double starve_limit)
      : QueueDiscipline(b, window), thresholds_(std::move(thresholds)), starve_(starve_limit) {}

  int level(double attained) const {
    return static_cast<int>(std::upper_bound(thresholds_.begin(), thresholds_.end(), attained) -
                            thresholds_.begin());
  }
  bool before(const Request& a, const Request& b) const override {
    const int la = level(a.attained_gpu_s), lb = level(b.attained_gpu_s);
    if (la != lb) return la < lb;
    return earlier(a, b);
  }
  bool preemptive() const override { return true; }
  double rank(const Request&, double attained, double) const override { return level(attained); }
  double rank_changes_in(double attained, double gpus) const override {
    auto next = std::upper_bound(thresholds_.begin(), thresholds_.end(), attained);
    if (next == thresholds_.end() || !(gpus > 0)) return kInf;
    return (*next - attained) / gpus;
  }
  double promote_after(const Request& r) const override {
    if (!(starve_ > 0) || level(r.attained_gpu_s) == 0) return kInf;
    const double gpus = std::max(1, r.gpu.gpus_needed());
    return starve_ * r.attained_gpu_s / gpus;  // the wall time it ran since its last promotion
  }
  void promote(Request& r, double now) const override {
    r.attained_gpu_s = 0;
    r.submit_time = now;  // enters the first queue now, behind those already there
  }

 private:
  std::vector<double> thresholds_;  // GPU-seconds, strictly increasing
  double starve_;
};

// Tiresias's artifact (github.com/SymbioticLab/Tiresias, simulator/jobs.py, `_TFJobs`):
// three queues split at 3,250 and 7,200 GPU-seconds of attained service for `dlas-gpu`.
constexpr const char* kDefaultThresholds = "3250,7200";

std::vector<double> thresholds_of(const QueueContext& ctx) {
  auto it = ctx.params.find("thresholds");
  const std::string text = it == ctx.params.end() ? kDefaultThresholds : it->second;
  std::vector<double> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t used = 0;
    double v = NAN;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
    }
    while (used < item.size() && item[used] == ' ') ++used;
    if (used != item.size() || !(v > 0) || !std::isfinite(v) || (!out.empty() && v <= out.back()))
      throw std::invalid_argument(fmt::format(
          "parameter 'thresholds': expected increasing GPU-seconds > 0 separated by commas "
          "(e.g. 3250,7200), got '{}'",
          text));
    out.push_back(v);
  }
  if (out.empty())
    throw std::invalid_argument("parameter 'thresholds': expected at least one threshold");
  return out;
}

double starve_limit_of(const QueueContext& ctx) {
  auto it = ctx.params.find("starve_limit");
  if (it == ctx.params.end()) return 0;
  size_t used = 0;
  double v = NAN;
  try {
    v = std::stod(it->second, &used);
  } catch (const std::exception&) {
  }
  if (used != it->second.size() || !(v >= 0) || !std::isfinite(v))
    throw std::invalid_argument(fmt::format(
        "parameter 'starve_limit': expected a number >= 0, got '{}'", it->second));
  return v;
}

}  // namespace

QueueRegistry::Entry srtf_entry() {
  return {"srtf",
          "shortest remaining run time first (oracle estimates: a replayed job's recorded "
          "duration), preemptive: a shorter job that cannot otherwise start stops longer "
          "running ones, which checkpoint and resume later",
          backfill_params(),
          [](const QueueContext& ctx) {
            return std::make_unique<ShortestRemainingFirst>(backfill_of(ctx), window_of(ctx));
          }};
}

QueueRegistry::Entry las_entry() {
  std::vector<ParamSpec> params = backfill_params();
  params.push_back({"thresholds",
                    ParamType::text,
                    kDefaultThresholds,
                    false,
                    "policy.queue_params.thresholds. Attained service (GPUs x seconds held) at "
                    "which a job moves to the next queue, increasing, comma-separated "
                    "(Tiresias artifact's dlas-gpu: 3250,7200)",
                    {},
                    -std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity(),
                    "GPU-seconds"});
  params.push_back({"starve_limit",
                    ParamType::number,
                    "0",
                    false,
                    "policy.queue_params.starve_limit. Starvation guard: a job that has run and "
                    "then waited this many times as long as it ran goes back to the first "
                    "queue; 0: never (Tiresias artifact's dlas-gpu; dlas-gpu-N uses N)",
                    {},
                    0,
                    1e9,
                    "x run time"});
  return {"las",
          "Tiresias discretised 2D-LAS: queues by attained GPU-time (thresholds), FIFO "
          "inside a queue, preemptive across queues, with a starvation guard",
          std::move(params), [](const QueueContext& ctx) {
            return std::make_unique<DiscretisedLas>(backfill_of(ctx), window_of(ctx),
                                                    thresholds_of(ctx), starve_limit_of(ctx));
          }};
}

}  // namespace vgpusim
