#pragma once
// Live migration of a stage's VM between two servers of the same GPU board (SPEC 2.6,
// docs/migration.md). One short-lived actor per migration, on the source server:
//   1. the destination is reserved in ClusterState (owner kReservationBase + run id);
//   2. sg_vm_migrate() moves the RAM (SimGrid's plugin: pre-copy rounds, then its own
//      stop-and-copy); with `precopy` the framebuffer is sent alongside;
//   3. the VM is stopped again and the run's activities are detached from its agent
//      (GPU execs suspended): the stage stops computing;
//   4. `stun`: the framebuffer is copied now; `precopy`: its copy is waited for;
//   5. switch-over: the run's slices move to the reservation, the destination's agent
//      adopts its activities (GPU execs restarted on the new GPUs with exactly the work
//      left), the VM resumes. Downtime = the plugin's stop-and-copy + steps 3..5.
#include <optional>
#include <string>

#include "engine_state.hpp"

namespace vgpusim::engine {

/// Owner ids of destination reservations in ClusterState.
inline constexpr int64_t kReservationBase = int64_t{1} << 48;

/// Connects the SimGrid signals that measure migrations (bytes sent by the plugin,
/// rounds, the plugin's stop-and-copy). Once per simulation, before any migration.
void install_migration_observers();

/// Why a migration cannot happen: the kind (counted in summary.json) and the full text
/// (logged, and quoted in the reason of a stage stopped instead).
struct Refusal {
  MoveRefusal kind;
  std::string text;
};

/// Why run `r` cannot be live-migrated now (phase, slicing mode); empty when it can.
std::optional<Refusal> movable(const EngineState& st, const StageRun& r);

/// The placement of `r` on server `dst` (same board, different server, under the
/// destination's slicing rules, checked by ClusterState::check), or the reason not.
std::optional<Refusal> plan_move(const EngineState& st, const StageRun& r, int dst,
                                 Placement* out);

/// Whether a given destination placement (a policy's decision) is valid for `r`: same
/// board, another server, and ClusterState::check under the destination's rules.
std::optional<Refusal> check_move(const EngineState& st, const StageRun& r,
                                  const Placement& dst);

/// The first server in index order that can take `r`, or the reason none can.
std::optional<Refusal> find_destination(const EngineState& st, const StageRun& r,
                                        Placement* out);

/// Reserves `dst` and starts the migration actor. `dst` must come from plan_move (or be
/// checked like it). When it ends, the controller gets CtrlMsg::migration_done.
void start_migration(EngineState& st, StageRun& r, const Placement& dst, const std::string& reason);

/// Migrations started and not yet ended.
int migrations_in_flight();

}  // namespace vgpusim::engine
