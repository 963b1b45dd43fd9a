#pragma once
// Service groups (SPEC 2.3, docs/workflows.md): the replicas of a serve stage are ordinary
// placements gathered in a ServiceGroup; once the last is ready one service actor
// (service_actor.hpp, llm_service_actor.hpp) serves the whole request stream. These are
// the controller's hooks into a group, and the replica bookkeeping both actors share.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "engine_state.hpp"

namespace vgpusim::engine {

/// Opens the group (and the ServiceRecord) of stage `stage` of `job` when that stage is a
/// service; returns its id, 0 for other stages.
int64_t open_service(EngineState& st, int job, int stage);

/// Called when run `r` reports done (for a serve replica: placed and its image pulled).
/// True when `r` is a replica to hold: its service has not ended and its job has not
/// failed. The replica that completes its group starts the group's ServiceActor.
bool hold_replica(EngineState& st, StageRun& r);

/// Called when run `r` is released: false for a replica that is not the last of its
/// service (the stage is done once, with its last replica); true for other stages.
bool release_replica(EngineState& st, const StageRun& r);

/// The service `id` has served every request: the replicas to release (run ids).
std::vector<int64_t> service_replicas(EngineState& st, int64_t id);

/// `job` failed: its services will never serve. Returns the ready replicas to release.
std::vector<int64_t> abandon_services(EngineState& st, int job);

/// Keeps what a finished stage hands to the stages after it (optimize: speed-up and
/// precision for the serve stages downstream).
void note_stage_output(EngineState& st, const StageRun& r);

/// Both service actors, when their replicas change while they serve: asks the controller
/// for one more replica of service `id` (pending: those asked for and not yet here), recorded
/// in scaling.csv with `serving` replicas and the reason.
void request_replica(EngineState& st, int64_t id, int& pending, double now, int serving,
                     const std::string& why);
/// Replica `r` the actor asked for is here.
void note_arrived(ServiceGroup& g, int& pending, const StageRun& r);
/// A drain reached replica `r`: true the first time (a replacement is then asked for, and
/// `r` leaves once it serves), false when `r` is already being replaced.
bool note_drained(std::deque<StageRun*>& drained, StageRun* r);
/// Replica `r` was lost (its GPUs or server failed) and its instances serve no more:
/// recorded in scaling.csv with the `serving` replicas left. True when a replacement is to
/// be asked for, false when `r` was drained (its replacement is coming already).
bool note_lost(EngineState& st, const ServiceGroup& g, std::deque<StageRun*>& drained,
               StageRun* r, double now, int serving, const std::string& where);
/// The reason of a replacement after a drain or a failure.
std::string replacement_reason(const ServiceMsg& m);

}  // namespace vgpusim::engine
