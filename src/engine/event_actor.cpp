#include "event_actor.hpp"

#include <fmt/format.h>

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {
namespace {

void post(EngineState& st, CtrlMsg::Kind kind, int64_t value) {
  st.controller_mailbox->put_init(new CtrlMsg{kind, value}, 0)->detach();
}

}  // namespace

void start_event_actors(EngineState& st, bool ticks) {
  if (!st.scenario.events.empty()) {
    sg4::Actor::create("events", st.platform.control, [&st]() {
      sg4::Actor::self()->daemonize();
      const auto& events = st.scenario.events;
      for (size_t i = 0; i < events.size(); ++i) {
        sg4::this_actor::sleep_until(events[i].at);
        post(st, CtrlMsg::Kind::event, static_cast<int64_t>(i));
      }
    });
  }
  if (ticks) {
    const double period = st.scenario.migration.period;
    sg4::Actor::create("rebalance-tick", st.platform.control, [&st, period]() {
      sg4::Actor::self()->daemonize();
      for (double t = period;; t += period) {
        sg4::this_actor::sleep_until(t);
        post(st, CtrlMsg::Kind::tick, 0);
      }
    });
  }
}

void start_boot_timer(EngineState& st, int server, double boot_time) {
  sg4::Actor::create(fmt::format("boot-{}", server), st.platform.control,
                     [&st, server, boot_time]() {
                       sg4::Actor::self()->daemonize();
                       sg4::this_actor::sleep_for(boot_time);
                       post(st, CtrlMsg::Kind::booted, server);
                     });
}

}  // namespace vgpusim::engine
