// The placement decisions part of the RunRecorder (decisions.csv).
#include <catch2/catch.hpp>

#include "vgpusim/output/decisions_output.hpp"
#include "vgpusim/output/run_recorder.hpp"

using namespace vgpusim;

namespace {

DecisionRow waited(RefusalKind kind, int64_t best) {
  DecisionRow d;
  d.outcome = AttemptOutcome::waited;
  d.request = "1 whole GPU, 8 vCPUs, 65536 MiB";
  d.gpus = 2;
  PoolRefusal p;
  p.pool = "l40s";
  p.kind = kind;
  p.asked = 8000;
  p.best = best;
  p.server = "l40s[0]";
  d.pools.push_back(p);
  return d;
}

}  // namespace

TEST_CASE("RunRecorder: placement attempts make the rows of decisions.csv", "[output]") {
  RunRecorder rec;
  rec.record_decisions();
  auto j = rec.job_created(3, "wf", 0, 1);
  rec.job_arrived(j, 10.0);
  auto s = rec.stage_submitted(j, "train", "train", 1, 10.0);

  SECTION("equal attempts merge; a new reason starts a row; each waits until the next") {
    // Not offered at 10 s (behind the head), then refused for CPU twice, then for memory,
    // then placed at 100 s.
    rec.placement_attempt(s, 20.0, waited(RefusalKind::cpu, 4000));
    rec.placement_attempt(s, 30.0, waited(RefusalKind::cpu, 4000));
    rec.placement_attempt(s, 60.0, waited(RefusalKind::cpu, 6000));
    DecisionRow placed;
    placed.outcome = AttemptOutcome::placed;
    placed.candidates.push_back({"l40s[0]", 42});
    rec.placement_attempt(s, 100.0, placed);
    rec.stage_placed(s, 100.0, {"l40s[0]", "l40s", {0}, {"1000m"}, ""});
    RunResult r = rec.finish(200.0, {}, 0);
    REQUIRE(r.decisions.size() == 4);
    CHECK(r.decisions[0].outcome == AttemptOutcome::queued);
    CHECK(r.decisions[0].waited == 10.0);
    CHECK(r.decisions[1].attempts == 2);
    CHECK(r.decisions[1].first == 20.0);
    CHECK(r.decisions[1].last == 30.0);
    CHECK(r.decisions[1].waited == 40.0);
    CHECK(r.decisions[2].waited == 40.0);
    CHECK(r.decisions[3].waited == 0.0);
    double total = 0;  // the rows add up to the stage's queueing delay
    for (const auto& d : r.decisions) total += d.waited;
    CHECK(total == r.stages[0].queue_delay());
    CHECK(wait_reason(r.decisions[1]) == "cpu");
    const std::string csv = decisions_csv(r);
    CHECK(csv.find("3,wf,train,1,20,30,2,waited,cpu,\"1 whole GPU, 8 vCPUs, 65536 MiB\",2,40,,"
                   "l40s: no server with 8 free vCPUs: most 4 (l40s[0])\n") != std::string::npos);
    CHECK(csv.find(",placed,placed,,0,0,l40s[0]=42,\n") != std::string::npos);
  }

  SECTION("a stage still waiting at the end waits until the end") {
    rec.placement_attempt(s, 10.0, waited(RefusalKind::no_fitting_gpus, 0));
    RunResult r = rec.finish(70.0, {}, 0);
    REQUIRE(r.decisions.size() == 1);
    CHECK(r.decisions[0].waited == 60.0);
  }

  SECTION("without record_decisions there is no decisions.csv") {
    RunRecorder off;
    CHECK(decisions_csv(off.finish(1.0, {}, 0)).empty());
  }
}
