#include <fmt/format.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "vgpusim/output/mobility_output.hpp"
#include "vgpusim/output/run_outputs.hpp"
#include "vgpusim/output/run_recorder.hpp"
#include "vgpusim/output/run_streams.hpp"
#include "vgpusim/output/summary.hpp"

using namespace vgpusim;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / fmt::format("vgpusim-{}-{}", name, ::getpid());
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

RunRecorder two_pool_recorder() {
  RunResult header;
  header.policy = "first-fit";
  RunRecorder rec(std::move(header));
  rec.add_pool(PoolRecord{"p", "A100-PCIe-80GB", 1, 2, 0, 0, 0});
  rec.add_pool(PoolRecord{"q", "L4", 1, 1, 0, 0, 0});
  for (int i = 0; i < 3; ++i) {
    GpuRecord g;
    g.index = i;
    g.pool = i < 2 ? "p" : "q";
    rec.add_gpu(g);
  }
  rec.set_total_gpus(3);
  return rec;
}

// Three jobs whose stages end out of order: a migration, an interruption and a restart, a
// job failed, a stage still running and a job not arrived when the run ends, timeline
// points merged and replaced.
void play(RunRecorder& rec) {
  auto a = rec.job_created(1, "wf", 0, 1);
  auto b = rec.job_created(2, "wf", 0, 2);
  auto c = rec.job_created(3, "other", 50, 1);
  rec.job_arrived(a, 0);
  rec.job_arrived(b, 1);
  auto sa = rec.stage_submitted(a, "train", "train", 1, 0);
  auto sb = rec.stage_submitted(b, "prep", "cpu", 1, 1);
  rec.stage_placed(sa, 2, {"s0", "p", {0}, {"A100D-40C"}, "vm-1"});
  rec.stage_placed(sb, 3, {"s1", "q", {2}, {"L4-24Q"}, ""});
  TimelinePoint t;
  t.time = 3, t.allocated_milli = 2000, t.running_stages = 2;
  t.pool_allocated_milli = {1000, 1000};
  t.pool_fragmented_milli = {0, 0};
  rec.timeline(t);
  rec.stage_phase(sb, StagePhase::compute, 4);
  rec.stage_done(sb, 7);  // ends before the stage submitted first
  auto sb2 = rec.stage_submitted(b, "train", "train", 1, 7);
  rec.stage_moved(sa, 8, {"s0", "p", {1}, {"A100D-40C"}, "vm-1"});
  MigrationRecord m;
  m.start = 7.5, m.end = 8;
  rec.migration_done(sa, m);
  rec.stage_interrupted(sa, Interruption::server_failed, "s0", "", 3.0, 1, 9);
  auto sa2 = rec.stage_submitted(a, "train", "train", 2, 9);
  t.time = 9, t.allocated_milli = 0, t.running_stages = 0;
  rec.timeline(t);
  t.allocated_milli = 1000;
  rec.timeline(t);  // same time: replaces
  rec.stage_placed(sa2, 10, {"s0", "p", {0}, {"A100D-40C"}, ""});
  rec.stage_rejected(sb2, Rejection::by_policy, "too big", 11);
  rec.job_failed(b, 11);
  t.time = 12;
  rec.timeline(t);  // nothing changed: merged
  (void)c;          // never arrives
}

}  // namespace

TEST_CASE("RunRecorder: rows streamed as records end", "[output]") {
  RunRecorder kept = two_pool_recorder();
  play(kept);
  RunResult all = kept.finish(20, {1.0, 1.0}, 0);

  SECTION("the streamed files are the tables built from every record, in row order") {
    const fs::path dir = fresh_dir("streams");
    RunRecorder rec = two_pool_recorder();
    rec.stream_to(dir, false);
    play(rec);
    CHECK(rec.stages_held() == 1);  // only the attempt still running
    CHECK(rec.jobs_held() == 2);    // job 1 running, job 3 not arrived
    RunResult r = rec.finish(20, {1.0, 1.0}, 0);
    CHECK(r.stages.empty());
    CHECK(r.jobs.empty());
    CHECK(r.placements.empty());
    REQUIRE(r.streams);
    r.streams->commit();
    CHECK(slurp(dir / "stages.csv") == stages_csv(all));
    CHECK(slurp(dir / "jobs.csv") == jobs_csv(all));
    CHECK(slurp(dir / "placements.csv") == placements_csv(all));
    CHECK(slurp(dir / "timeline.csv") == timeline_csv(all));
    CHECK(summary_json(r, summarize(r)) == summary_json(all, summarize(all)));
    fs::remove_all(dir);
  }
  SECTION("kept records are the same records as without streaming") {
    const fs::path dir = fresh_dir("streams-kept");
    RunRecorder rec = two_pool_recorder();
    rec.stream_to(dir, true);
    play(rec);
    RunResult r = rec.finish(20, {1.0, 1.0}, 0);
    CHECK(stages_csv(r) == stages_csv(all));
    CHECK(placements_csv(r) == placements_csv(all));
    REQUIRE(r.placements.size() == 4);  // a: before and after its move; b; a restarted
    CHECK(r.placements[0].migration == 0);
    CHECK(r.timeline.size() == all.timeline.size());
    fs::remove_all(dir);
  }
  SECTION("the totals of the recorder are the totals of its records") {
    RunResult copy = all;
    copy.totals.reset();
    const RunTotals t = totals_of(copy);
    CHECK(t.jobs_submitted == 2);
    CHECK(t.jobs_failed == 1);
    CHECK(t.stages_done == 1);
    CHECK(t.stages_rejected == 1);
    CHECK(t.queue_delay.size() == 3);
    CHECK(t.timeline_points == 2);
    CHECK(summary_json(copy, summarize(copy)) == summary_json(all, summarize(all)));
  }
}

TEST_CASE("OrderedRows: a row waits for the rows before it", "[output]") {
  const fs::path dir = fresh_dir("ordered");
  SECTION("rows are written in the order opened, whatever the order completed") {
    {
      OrderedRows rows(dir / "t.csv", "h\n");
      const size_t a = rows.open(), b = rows.open(), c = rows.open();
      rows.complete(c, "c\n");
      rows.complete(b, "b\n");
      CHECK(rows.held() == 3);  // all wait for a
      rows.complete(a, "a\n");
      CHECK(rows.held() == 0);
      CHECK_FALSE(fs::exists(dir / "t.csv"));  // only the temporary file until the commit
      rows.commit();
    }
    CHECK(slurp(dir / "t.csv") == "h\na\nb\nc\n");
  }
  SECTION("a row completed twice, or a commit with rows open, is a bug") {
    OrderedRows rows(dir / "u.csv", "h\n");
    const size_t a = rows.open();
    CHECK_THROWS_AS(rows.commit(), std::logic_error);
    rows.complete(a, "a\n");
    CHECK_THROWS_AS(rows.complete(a, "a\n"), std::logic_error);
  }
  SECTION("a file never committed leaves nothing behind") {
    { OrderedRows rows(dir / "v.csv", "h\n"); }
    CHECK(fs::is_empty(dir));
  }
  fs::remove_all(dir);
}
