// fifo, sjf and priority (srtf and las: preemptive_queues.cpp). Every order breaks ties by submit time and then request id so
// that the order never depends on the container's initial layout.
#include "vgpusim/policy/queue_discipline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace vgpusim {

bool earlier(const Request& a, const Request& b) {
  if (a.submit_time != b.submit_time) return a.submit_time < b.submit_time;
  return a.id < b.id;
}

bool shorter_first(const Request& a, const Request& b) {
  if (a.estimated_runtime_s != b.estimated_runtime_s)
    return a.estimated_runtime_s < b.estimated_runtime_s;
  return earlier(a, b);
}

namespace {

class Fifo : public QueueDiscipline {
 public:
  using QueueDiscipline::QueueDiscipline;
  bool before(const Request& a, const Request& b) const override { return earlier(a, b); }
};

class ShortestJobFirst : public QueueDiscipline {
 public:
  using QueueDiscipline::QueueDiscipline;
  bool before(const Request& a, const Request& b) const override { return shorter_first(a, b); }
};

class Priority : public QueueDiscipline {
 public:
  using QueueDiscipline::QueueDiscipline;
  bool before(const Request& a, const Request& b) const override {
    if (a.priority != b.priority) return a.priority > b.priority;
    return earlier(a, b);
  }
};

}  // namespace

Backfill backfill_of(const QueueContext& ctx) {
  auto it = ctx.params.find("backfill");
  if (it == ctx.params.end()) return Backfill::none;
  const std::string& v = it->second;
  if (v == "none" || v == "false") return Backfill::none;
  if (v == "easy" || v == "true") return Backfill::easy;
  if (v == "greedy") return Backfill::greedy;
  throw std::invalid_argument(
      "parameter 'backfill': expected none, easy or greedy (false, true = easy), got '" + v + "'");
}

namespace {

ParamSpec backfill_param() {
  return {"backfill", ParamType::choice, "none", false,
          "policy.backfill. none: the first request that must wait blocks the rest; easy (or "
          "true): later requests may start if they do not delay the head's reserved start "
          "(EASY); greedy: later requests start whenever they fit, even if the head waits longer",
          {"none", "easy", "greedy", "true", "false"}};
}

}  // namespace

int64_t window_of(const QueueContext& ctx) {
  auto it = ctx.params.find("backfill_window");
  if (it == ctx.params.end()) return kDefaultBackfillWindow;
  try {
    size_t used = 0;
    const long long n = std::stoll(it->second, &used);
    if (used == it->second.size() && n >= 1) return n;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument(
      fmt::format("parameter 'backfill_window': expected a whole number >= 1, got '{}'", it->second));
}

namespace {

ParamSpec window_param() {
  return {"backfill_window",
          ParamType::integer,
          std::to_string(kDefaultBackfillWindow),
          false,
          "policy.backfill_window. With backfill: how many waiting requests behind the first "
          "that must wait one scheduling pass looks at (Slurm's bf_max_job_test, default 500)",
          {},
          1,
          1e9,
          "requests"};
}

template <typename T>
QueueFactory factory() {
  return [](const QueueContext& ctx) {
    return std::make_unique<T>(backfill_of(ctx), window_of(ctx));
  };
}

}  // namespace

std::vector<ParamSpec> backfill_params() {
  return {backfill_param(), window_param()};
}

void QueueDiscipline::order(std::vector<const Request*>& queue) const {
  std::stable_sort(queue.begin(), queue.end(),
                   [this](const Request* a, const Request* b) { return before(*a, *b); });
}

QueueRegistry& queue_registry() {
  static QueueRegistry reg = [] {
    QueueRegistry r("queue discipline");
    r.add({"fifo",
           "first come, first served (submit time, then request id)",
           {backfill_param(), window_param()},
           factory<Fifo>()});
    r.add({"sjf",
           "shortest estimated run time first (Request::estimated_runtime_s, from the "
           "stage's cost model), then submit time",
           {backfill_param(), window_param()},
           factory<ShortestJobFirst>()});
    r.add({"priority",
           "highest Request::priority first, then submit time",
           {backfill_param(), window_param()},
           factory<Priority>()});
    r.add(srtf_entry());
    r.add(las_entry());
    return r;
  }();
  return reg;
}

}  // namespace vgpusim
