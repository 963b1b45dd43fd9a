#include <catch2/catch.hpp>

#include "vgpusim/output/mobility_output.hpp"
#include "vgpusim/output/run_outputs.hpp"
#include "vgpusim/output/run_recorder.hpp"
#include "vgpusim/output/summary.hpp"

using namespace vgpusim;

namespace {

RunRecorder recorder_with_one_gpu() {
  RunResult header;
  header.policy = "best-fit";
  RunRecorder rec(std::move(header));
  rec.add_pool(PoolRecord{"p", "A100-PCIe-80GB", 1, 1, 0, 0, 0});
  GpuRecord g;
  g.pool = "p";
  rec.add_gpu(g);
  rec.set_total_gpus(1);
  return rec;
}

}  // namespace

TEST_CASE("RunRecorder: stage events make the rows of stages.csv and jobs.csv", "[output]") {
  SECTION("a stage placed, through its phases, done") {
    RunRecorder rec = recorder_with_one_gpu();
    auto j = rec.job_created(7, "wf", 0, 1);
    rec.job_arrived(j, 1.0);
    auto s = rec.stage_submitted(j, "train", "train", 1, 1.0);
    rec.stage_placed(s, 3.0, {"srv-0", "p", {0, 2}, {"A100D-40C", "A100D-40C"}, ""});
    rec.stage_phase(s, StagePhase::pull, 2.0);
    rec.stage_phase(s, StagePhase::compute, 4.0);
    rec.stage_phase(s, StagePhase::compute, 1.0);
    rec.stage_work(s, 10.0);
    rec.stage_done(s, 10.0);
    rec.job_done(j, 10.0);
    CHECK(rec.jobs_finished() == 1);
    RunResult r = rec.finish(10.0, {1.0}, 0);
    const StageRecord& row = r.stages.at(0);
    CHECK(row.status == StageStatus::done);
    CHECK(row.reason.empty());
    CHECK(row.gpus == "0;2");
    CHECK(row.slices == "A100D-40C;A100D-40C");
    CHECK(row.gpu_count == 2);
    CHECK(row.pull_time == 2.0);
    CHECK(row.compute_time == 5.0);
    CHECK(row.queue_delay() == 2.0);
    CHECK(r.jobs.at(0).status == JobStatus::done);
    CHECK(r.jobs.at(0).start == 3.0);
    CHECK(r.jobs.at(0).queue_delay == 2.0);
    CHECK(r.pools.at(0).gpu_hours == Approx(10.0 / 3600));
    CHECK(stages_csv(r).find(",done,srv-0,p,0;2,") != std::string::npos);
  }
  SECTION("a stage never placed is still waiting when the run ends") {
    RunRecorder rec = recorder_with_one_gpu();
    auto j = rec.job_created(1, "wf", 0, 1);
    rec.job_arrived(j, 0);
    rec.stage_submitted(j, "a", "train", 1, 0);
    RunResult r = rec.finish(5, {}, 0);
    CHECK(r.stages.at(0).status == StageStatus::unfinished);
    CHECK(r.stages.at(0).reason == "still waiting when the run ended");
    CHECK(r.jobs.at(0).status == JobStatus::unfinished);
  }
}

TEST_CASE("RunRecorder: reasons are enums, their text is written once", "[output]") {
  SECTION("an invalid decision names the policy and counts as one") {
    RunRecorder rec = recorder_with_one_gpu();
    auto j = rec.job_created(1, "wf", 0, 2);
    auto a = rec.stage_submitted(j, "a", "train", 1, 0);
    auto b = rec.stage_submitted(j, "b", "train", 1, 0);
    const std::string why = rec.stage_rejected(a, Rejection::invalid_decision, "GPU 3 is full", 2);
    rec.stage_rejected(b, Rejection::job_failed, why, 2);
    rec.job_failed(j, 2);
    RunResult r = rec.finish(2, {}, 0);
    CHECK(why == "invalid decision by policy 'best-fit': GPU 3 is full");
    CHECK(r.invalid_decisions == 1);
    CHECK(r.rejections[static_cast<int>(Rejection::invalid_decision)] == 1);
    CHECK(r.rejections[static_cast<int>(Rejection::job_failed)] == 1);
    CHECK(r.stages[0].end == 2);
    CHECK(r.stages[1].reason == "job failed: " + why);
    CHECK(r.stages[1].end == -1);  // never got a decision
    CHECK(summarize(r).stages_rejected == 2);
  }
  SECTION("an interruption counts a restart and the work lost on every GPU") {
    RunRecorder rec = recorder_with_one_gpu();
    auto j = rec.job_created(1, "wf", 0, 1);
    auto s = rec.stage_submitted(j, "a", "train", 1, 0);
    const std::string why =
        rec.stage_interrupted(s, Interruption::drain, "srv-1",
                              "passthrough GPUs cannot be live-migrated", 2.5, 4, 9);
    RunResult r = rec.finish(9, {}, 0);
    CHECK(why ==
          "drain of srv-1: not live-migrated (passthrough GPUs cannot be live-migrated); restarted "
          "from its last checkpoint (lost 2.500 s of work since its last checkpoint)");
    CHECK(r.stages[0].status == StageStatus::interrupted);
    CHECK(r.mobility.restarts == 1);
    CHECK(r.mobility.lost_work_gpu_s == 10.0);
  }
  SECTION("migration refusals are counted by kind") {
    RunRecorder rec = recorder_with_one_gpu();
    rec.migration_refused(MoveRefusal::passthrough);
    rec.migration_refused(MoveRefusal::passthrough);
    rec.migration_refused(MoveRefusal::no_destination);
    RunResult r = rec.finish(1, {}, 0);
    CHECK(r.mobility.refused == 3);
    CHECK(r.mobility.refused_by_reason.at(MoveRefusal::passthrough) == 2);
    CHECK(to_string(MoveRefusal::no_destination) == "no server can host it");
  }
}

TEST_CASE("RunRecorder: stuck work", "[output]") {
  SECTION("the first finding counts; each stuck stage keeps its reason in its row") {
    RunRecorder rec = recorder_with_one_gpu();
    auto j = rec.job_created(3, "wf", 0, 1);
    rec.job_arrived(j, 0.0);
    auto s = rec.stage_submitted(j, "train", "train", 1, 5.0);
    CHECK_FALSE(rec.is_stuck());
    CHECK(rec.stuck("nothing running", 100.0));
    CHECK_FALSE(rec.stuck("SimGrid deadlock", 120.0));
    rec.stage_stuck(s, 5.0, "server p[0] is not accepting work");
    RunResult r = rec.finish(100.0, {1.0}, 0);
    CHECK(r.stuck.cause == "nothing running");
    CHECK(r.stuck.at == 100.0);
    REQUIRE(r.stuck.stages.size() == 1);
    CHECK(r.stuck.stages[0].job == 3);
    CHECK(r.stuck.stages[0].waiting_since == 5.0);
    CHECK(r.stuck.stages[0].reason == "server p[0] is not accepting work");
    CHECK(r.stages[0].reason == "stuck: server p[0] is not accepting work");
    const std::string json = summary_json(r, summarize(r));
    CHECK_THAT(json, Catch::Contains("\"stuck\": {"));
    CHECK_THAT(json, Catch::Contains("\"count\": 1"));
  }
  SECTION("a deadlock lists every unfinished stage with its row's reason") {
    RunRecorder rec = recorder_with_one_gpu();
    auto j = rec.job_created(1, "wf", 0, 2);
    rec.job_arrived(j, 0.0);
    auto a = rec.stage_submitted(j, "a", "train", 1, 0.0);
    rec.stage_submitted(j, "b", "train", 1, 2.0);
    rec.stage_placed(a, 1.0, {"srv-0", "p", {0}, {"1000m"}, ""});
    rec.stage_done(a, 2.0);
    CHECK(rec.stuck("SimGrid deadlock", 9.0));
    rec.unfinished_stages_stuck();
    RunResult r = rec.finish(9.0, {1.0}, 0);
    REQUIRE(r.stuck.stages.size() == 1);
    CHECK(r.stuck.stages[0].stage == "b");
    CHECK(r.stuck.stages[0].waiting_since == 2.0);
  }
  SECTION("nothing stuck: count 0, no cause") {
    RunRecorder rec = recorder_with_one_gpu();
    RunResult r = rec.finish(1.0, {1.0}, 0);
    const std::string json = summary_json(r, summarize(r));
    CHECK_THAT(json, Catch::Contains("\"cause\": null"));
  }
}

TEST_CASE("RunRecorder: services, timeline and GPU accounting", "[output]") {
  SECTION("a batch adds latencies to its service and work to its replica's row") {
    RunRecorder rec = recorder_with_one_gpu();
    auto j = rec.job_created(1, "wf", 0, 1);
    auto s = rec.stage_submitted(j, "serve[0]", "serve", 1, 0);
    ServiceRecord sv;
    auto v = rec.service_opened(sv);
    rec.service_started(v, 1, 1, 2.0, "fp8");
    const std::vector<double> arrivals{1.0, 1.5};
    rec.request_arrived(v);
    rec.request_arrived(v);
    rec.batch_started(v);
    rec.batch_done(v, s, arrivals, 2.0, 3.0, 0.5);
    rec.service_done(v, 3.0);
    RunResult r = rec.finish(3, {}, 0);
    const ServiceRecord& out = r.services.at(0);
    CHECK(out.status == ServiceStatus::done);
    CHECK(out.arrived == 2);
    CHECK(out.batches == 1);
    CHECK(out.wait_sum == 1.5);
    CHECK(out.latency.count() == 2);
    CHECK(out.precision == "fp8");
    CHECK(r.stages[0].compute_time == 1.0);
    CHECK(r.stages[0].gpu_seconds == 0.5);
  }
  SECTION("equal timeline points merge, a point at the same time replaces the last") {
    RunRecorder rec = recorder_with_one_gpu();
    TimelinePoint p;
    p.time = 0;
    rec.timeline(p);
    p.time = 1;
    rec.timeline(p);  // nothing changed: merged
    p.allocated_milli = 500;
    rec.timeline(p);
    p.time = 1;
    p.allocated_milli = 1000;
    rec.timeline(p);  // same time: replaces
    RunResult r = rec.finish(2, {}, 0);
    REQUIRE(r.timeline.size() == 2);
    CHECK(r.timeline[1].allocated_milli == 1000);
  }
  SECTION("GPU intervals integrate, energy adds to the GPU's pool at the end") {
    RunRecorder rec = recorder_with_one_gpu();
    rec.gpu_interval(0, 4.0, 0.5, 0.25, 0.0);
    rec.gpu_energy(0, 100);
    rec.server_energy(0, 50);
    RunResult r = rec.finish(4, {2.0}, 0);
    CHECK(r.gpus[0].allocated_time == 2.0);
    CHECK(r.gpus[0].busy_time == 1.0);
    CHECK(r.energy_j == 150);
    CHECK(r.pools[0].energy_j == 150);
  }
}

TEST_CASE("RunRecorder: placement intervals and cluster events", "[output]") {
  RunRecorder rec = recorder_with_one_gpu();
  auto j = rec.job_created(4, "wf", 0, 1);
  rec.job_arrived(j, 0);
  auto s = rec.stage_submitted(j, "train", "train", 1, 0);
  rec.stage_placed(s, 1.0, {"a[1]", "p", {4, 5}, {"A100D-40C", "A100D-40C"}, "vm-4"});
  rec.cluster_event(100.0, ClusterEventKind::drain, "a[1]");
  rec.stage_moved(s, 130.0, {"a[0]", "p", {0, 1}, {"A100D-40C", "A100D-40C"}, "vm-4"});
  MigrationRecord m;
  m.start = 100, m.end = 130, m.source = "a[1]", m.destination = "a[0]";
  rec.migration_done(s, m);
  rec.power_off(140.0, "a[1]");
  RunResult r = rec.finish(200.0, {-1.0}, 0);  // still running: its interval ends with the run
  SECTION("a migration ends one interval where the next begins, and points at its record") {
    REQUIRE(r.placements.size() == 2);
    CHECK(r.placements[0].server == "a[1]");
    CHECK(r.placements[0].gpus == "4;5");
    CHECK(r.placements[0].to == 130.0);
    CHECK(r.placements[0].migrated);
    CHECK(r.placements[0].migration == 0);
    CHECK(r.placements[1].from == 130.0);
    CHECK(r.placements[1].to == 200.0);
    CHECK_FALSE(r.placements[1].migrated);
    CHECK(r.stages[0].server == "a[0]");  // stages.csv: where it ends
    CHECK(placements_csv(r).find("4,wf,train,1,vm-4,a[1],p,4;5,A100D-40C;A100D-40C,1,130,129,"
                                 "migrated\n") != std::string::npos);
  }
  SECTION("events, power-offs and boots in time order; a board without a price") {
    CHECK(events_csv(r) == "time_s,event,target\n100,drain,a[1]\n140,power_off,a[1]\n");
    CHECK(r.mobility.power_offs == 1);
    CHECK_FALSE(r.pools[0].priced);
    const Summary sum = summarize(r);
    CHECK(sum.unpriced_boards == std::vector<std::string>{"A100-PCIe-80GB"});
    CHECK(summary_json(r, sum).find("\"total_usd\": null") != std::string::npos);
  }
}

TEST_CASE("RunRecorder: LLM service events", "[output][llm]") {
  RunRecorder rec = recorder_with_one_gpu();
  auto j = rec.job_created(1, "chat", 0, 1);
  auto st = rec.stage_submitted(j, "serve", "serve", 1, 0);
  ServiceRecord open;
  open.job = 1;
  open.stage = "serve";
  auto v = rec.service_opened(open);
  rec.llm_service_started(v, 2.0, 1, "Llama-3.1-8B", 100, 0.5, 0.02, -1);
  SECTION("TTFT, TPOT, goodput and tokens from the request times") {
    rec.request_arrived(v);
    rec.request_arrived(v);
    rec.request_arrived(v);
    rec.llm_request_rejected(v);
    rec.llm_request_done(v, {2.0, 2.1, 3.1, 100, 51});   // TTFT 0.1, TPOT 0.02: good
    rec.llm_request_done(v, {2.0, 2.6, 2.6, 100, 1});    // TTFT 0.6 > 0.5: not good
    rec.llm_step_done(v, st, 50, 1, 2.1, 3.1, 0.9);
    rec.llm_kv_level(v, 0.3);
    rec.llm_kv_level(v, 0.2);
    rec.service_done(v, 3.1);
    RunResult r = rec.finish(4, {1.0}, 0);
    const ServiceRecord& s = r.services.at(0);
    CHECK(s.llm);
    CHECK(s.arrived == 3);
    CHECK(s.rejected == 1);
    CHECK(s.ttft.count() == 2);
    CHECK(s.ttft.max() == Approx(0.6));
    CHECK(s.tpot.count() == 1);  // a one-token request has no inter-token time
    CHECK(s.tpot.mean() == Approx(0.02));
    CHECK(s.good == 1);
    CHECK(s.output_tokens == 52);
    CHECK(s.iterations == 50);
    CHECK(s.kv_peak == 0.3);
    CHECK(r.stages.at(st).gpu_seconds == Approx(0.9));
  }
}
