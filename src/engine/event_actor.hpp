#pragma once
// Timers that feed the controller: the scenario's events (drain / fail / restore), the
// rebalance tick of migrating policies and power management, and server boots. They are
// daemon actors: the simulation ends when the work does, not when their timers would.
#include "engine_state.hpp"

namespace vgpusim::engine {

/// Starts the events actor, and the tick actor when `ticks` (every migration.period).
void start_event_actors(EngineState& st, bool ticks);

/// Sends CtrlMsg::booted for `server` after `boot_time` seconds.
void start_boot_timer(EngineState& st, int server, double boot_time);

}  // namespace vgpusim::engine
