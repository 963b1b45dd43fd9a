// fifo, sjf and priority. Every order breaks ties by submit time and then request id so
// that the order never depends on the container's initial layout.
#include "vgpusim/policy/queue_discipline.hpp"

#include <algorithm>
#include <stdexcept>

namespace vgpusim {
namespace {

bool earlier(const Request* a, const Request* b) {
  if (a->submit_time != b->submit_time) return a->submit_time < b->submit_time;
  return a->id < b->id;
}

class Fifo : public QueueDiscipline {
 public:
  using QueueDiscipline::QueueDiscipline;
  void order(std::vector<const Request*>& q) const override {
    std::stable_sort(q.begin(), q.end(), earlier);
  }
};

class ShortestJobFirst : public QueueDiscipline {
 public:
  using QueueDiscipline::QueueDiscipline;
  void order(std::vector<const Request*>& q) const override {
    std::stable_sort(q.begin(), q.end(), [](const Request* a, const Request* b) {
      if (a->estimated_work_s != b->estimated_work_s)
        return a->estimated_work_s < b->estimated_work_s;
      return earlier(a, b);
    });
  }
};

class Priority : public QueueDiscipline {
 public:
  using QueueDiscipline::QueueDiscipline;
  void order(std::vector<const Request*>& q) const override {
    std::stable_sort(q.begin(), q.end(), [](const Request* a, const Request* b) {
      if (a->priority != b->priority) return a->priority > b->priority;
      return earlier(a, b);
    });
  }
};

bool backfill_of(const QueueContext& ctx) {
  auto it = ctx.params.find("backfill");
  if (it == ctx.params.end()) return false;
  const std::string& v = it->second;
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  throw std::invalid_argument("parameter 'backfill': expected true or false, got '" + v + "'");
}

ParamInfo backfill_param() {
  return {"backfill", "false",
          "true: requests behind one that must wait may start if they fit now (no "
          "reservation for the head); false: the first request that must wait blocks the rest"};
}

template <typename T>
QueueFactory factory() {
  return [](const QueueContext& ctx) { return std::make_unique<T>(backfill_of(ctx)); };
}

}  // namespace

QueueRegistry& queue_registry() {
  static QueueRegistry reg = [] {
    QueueRegistry r("queue discipline");
    r.add({"fifo",
           "first come, first served (submit time, then request id)",
           {backfill_param()},
           factory<Fifo>()});
    r.add({"sjf",
           "shortest estimated work first (Request::estimated_work_s on a whole reference "
           "GPU), then submit time",
           {backfill_param()},
           factory<ShortestJobFirst>()});
    r.add({"priority",
           "highest Request::priority first, then submit time",
           {backfill_param()},
           factory<Priority>()});
    return r;
  }();
  return reg;
}

}  // namespace vgpusim
