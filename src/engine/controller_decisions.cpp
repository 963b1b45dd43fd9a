// Placement decisions for decisions.csv and `vgpusim run --explain` (docs/outputs.md): called
// only when they are recorded, so that a run that does not ask pays nothing but a test.
#include "controller.hpp"

namespace sg4 = simgrid::s4u;

namespace vgpusim::engine {

namespace {
constexpr size_t kCandidates = 3;  // the policy's best servers shown per attempt
}

void Controller::note_attempt(const PendingStage& p, AttemptOutcome o, const Placement* chosen) {
  DecisionRow row;
  row.outcome = o;
  row.request = describe_request(p.request);
  row.gpus = static_cast<double>(p.request.gpu.total_milli(st_.cluster.catalog())) / 1000.0;
  if (o == AttemptOutcome::placed || o == AttemptOutcome::held_for_head ||
      o == AttemptOutcome::invalid) {
    // The policy's ranking, right after its place() call; a policy that does not score
    // shows the server it chose.
    for (const ScoredServer& c : policy_->ranked(p.request, kCandidates))
      row.candidates.push_back({st_.cluster.server(c.server).name, c.score});
    if (row.candidates.empty() && chosen && chosen->server >= 0 &&
        chosen->server < static_cast<int>(st_.cluster.servers().size()))
      row.candidates.push_back({st_.cluster.server(chosen->server).name, std::nullopt});
  }
  if (o == AttemptOutcome::waited || o == AttemptOutcome::rejected)
    row.pools = explain_refusals(st_.cluster, p.request);
  st_.recorder.placement_attempt(p.record, sg4::Engine::get_clock(), std::move(row));
}

}  // namespace vgpusim::engine
