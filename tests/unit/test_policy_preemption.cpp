// The preemptive queue disciplines (srtf, las) and the choice of runs to preempt
// (preemption.hpp), on hand-built clusters.
#include <catch2/catch.hpp>
#include <limits>

#include "test_requests.hpp"
#include "vgpusim/policy/preemption.hpp"
#include "vgpusim/policy/queue_discipline.hpp"

using namespace vgpusim;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::unique_ptr<QueueDiscipline> discipline(const std::string& name, PolicyParams params = {}) {
  QueueContext ctx;
  ctx.params = std::move(params);
  return queue_registry().get(name).factory(ctx);
}

Request job(int64_t id, int gpus, double submit, double estimate, double attained = 0) {
  Request r = test::whole_request(id, gpus);
  r.submit_time = submit;
  r.estimated_runtime_s = estimate;
  r.attained_gpu_s = attained;
  return r;
}

// `servers` servers of `gpus` A100s each, whole GPUs.
ClusterState cluster(int servers, int gpus) {
  ClusterState c;
  c.set_catalog(&Catalog::builtin());
  PoolSlicing s;
  s.mode = SliceMode::passthrough;
  c.add_pool("p", s, Catalog::builtin().find_gpu("A100D"), servers, gpus, 64000, 1 << 20);
  return c;
}

// Places `r` on `server`, GPUs from `first` on.
void hold(ClusterState& c, const Request& r, int server, int first) {
  Placement p{server, {}};
  for (int k = 0; k < r.gpu.count; ++k) p.slots.push_back({first + k, 0});
  c.allocate(r, p);
}

RunningJob running(const Request& r, double attained, double remaining, double placed_at) {
  RunningJob j;
  j.owner = r.id;
  j.request = &r;
  j.attained_gpu_s = attained;
  j.remaining_s = remaining;
  j.placed_at = placed_at;
  return j;
}

}  // namespace

TEST_CASE("Queue: srtf orders and ranks by remaining time", "[policy]") {
  auto q = discipline("srtf");
  REQUIRE(q->preemptive());
  const Request a = job(1, 1, 0, 100), b = job(2, 1, 10, 25), c = job(3, 1, 5, 25);
  SECTION("waiting: shortest estimate first, then submit time") {
    CHECK(q->before(b, a));
    CHECK(q->before(c, b));
    CHECK_FALSE(q->before(a, c));
  }
  SECTION("rank is the remaining time; it never changes by itself, nothing is promoted") {
    CHECK(q->rank(a, 50, 42) == 42);
    CHECK(q->rank_changes_in(50, 1) == kInf);
    CHECK(q->promote_after(a) == kInf);
  }
  SECTION("fifo, sjf and priority are not preemptive") {
    for (const char* name : {"fifo", "sjf", "priority"}) CHECK_FALSE(discipline(name)->preemptive());
  }
}

TEST_CASE("Queue: las is Tiresias's discretised 2D-LAS", "[policy]") {
  SECTION("default thresholds 3250 and 7200 GPU-seconds: three queues") {
    auto q = discipline("las");
    const Request r = job(1, 1, 0, 0);
    CHECK(q->rank(r, 0, 0) == 0);
    CHECK(q->rank(r, 3249.9, 0) == 0);
    CHECK(q->rank(r, 3250, 0) == 1);
    CHECK(q->rank(r, 7200, 0) == 2);
    CHECK(q->rank(r, 1e9, 0) == 2);
  }
  SECTION("order: lower queue first, FIFO inside a queue, whatever the estimates") {
    auto q = discipline("las", {{"thresholds", "100"}});
    const Request fresh = job(1, 1, 50, 1e6), old = job(2, 1, 10, 1, 150), early = job(3, 1, 40, 1e7);
    CHECK(q->before(fresh, old));   // Q0 before Q1 though submitted later
    CHECK(q->before(early, fresh)); // same queue: earlier first
  }
  SECTION("rank changes when attained GPU-time crosses the next threshold") {
    auto q = discipline("las", {{"thresholds", "100,400"}});
    CHECK(q->rank_changes_in(0, 4) == Approx(25));    // 100 GPU-s at 4 GPUs
    CHECK(q->rank_changes_in(100, 2) == Approx(150)); // 300 more at 2 GPUs
    CHECK(q->rank_changes_in(400, 2) == kInf);        // last queue
  }
  SECTION("starvation guard: promoted after waiting starve_limit x its run time") {
    auto off = discipline("las", {{"thresholds", "100"}});
    Request r = job(1, 2, 500, 0, 300);  // ran 150 s on 2 GPUs, re-queued at 500
    CHECK(off->promote_after(r) == kInf);  // default 0: no guard
    auto q = discipline("las", {{"thresholds", "100"}, {"starve_limit", "2"}});
    CHECK(q->promote_after(r) == Approx(300));  // 2 x 150 s
    q->promote(r, 800);
    CHECK(r.attained_gpu_s == 0);
    CHECK(r.submit_time == 800);
    CHECK(q->rank(r, r.attained_gpu_s, 0) == 0);
    CHECK(q->promote_after(r) == kInf);  // in the first queue: nothing to promote to
  }
  SECTION("bad thresholds and starve limits are refused with what is allowed") {
    for (const char* bad : {"", "abc", "100,50", "0", "-5", "10,,20", "1e400"})
      CHECK_THROWS_WITH(discipline("las", {{"thresholds", bad}}),
                        Catch::Contains("thresholds"));
    CHECK_THROWS_WITH(discipline("las", {{"starve_limit", "-1"}}), Catch::Contains(">= 0"));
  }
}

TEST_CASE("Preemption: which running jobs make room", "[policy]") {
  auto srtf = discipline("srtf");

  SECTION("a shorter job that fits nowhere stops the longest running one") {
    ClusterState c = cluster(1, 2);
    const Request a = job(1, 1, 0, 100), b = job(2, 1, 0, 50), w = job(9, 1, 10, 5);
    hold(c, a, 0, 0);
    hold(c, b, 0, 1);
    std::vector<RunningJob> run{running(a, 10, 90, 0), running(b, 10, 40, 0)};
    std::vector<const Request*> waiting{&w};
    const PreemptionChoice got = choose_preemptions(c, *srtf, waiting, run, 500);
    CHECK(got.victims == std::vector<int64_t>{1});
    CHECK(got.beneficiaries == std::vector<int64_t>{9});
  }
  SECTION("no one is stopped for a job that does not outrank it") {
    ClusterState c = cluster(1, 1);
    const Request a = job(1, 1, 0, 100), w = job(9, 1, 10, 95);
    hold(c, a, 0, 0);
    std::vector<RunningJob> run{running(a, 10, 90, 0)};
    std::vector<const Request*> waiting{&w};
    CHECK(choose_preemptions(c, *srtf, waiting, run, 500).victims.empty());
    auto las = discipline("las", {{"thresholds", "100"}});  // both in Q0
    const Request fresh = job(9, 1, 10, 1);
    waiting = {&fresh};
    CHECK(choose_preemptions(c, *las, waiting, run, 500).victims.empty());
    run[0].attained_gpu_s = 100;  // A reached Q1: now the fresh job outranks it
    CHECK(choose_preemptions(c, *las, waiting, run, 500).victims == std::vector<int64_t>{1});
  }
  SECTION("room being freed by a job already stopping is used first") {
    ClusterState c = cluster(1, 2);
    const Request a = job(1, 1, 0, 100), b = job(2, 1, 0, 80), w = job(9, 1, 10, 5);
    hold(c, a, 0, 0);
    hold(c, b, 0, 1);
    std::vector<RunningJob> run{running(a, 10, 90, 0), running(b, 10, 70, 0)};
    run[0].stopping = true;
    std::vector<const Request*> waiting{&w};
    CHECK(choose_preemptions(c, *srtf, waiting, run, 500).victims.empty());
  }
  SECTION("jobs that cannot be stopped are left alone") {
    ClusterState c = cluster(1, 1);
    const Request a = job(1, 1, 0, 100), w = job(9, 1, 10, 5);
    hold(c, a, 0, 0);
    std::vector<RunningJob> run{running(a, 10, 90, 0)};
    run[0].preemptible = false;
    std::vector<const Request*> waiting{&w};
    CHECK(choose_preemptions(c, *srtf, waiting, run, 500).victims.empty());
  }
  SECTION("the server needing the fewest victims, then holding the least deserving ones") {
    // Server 0: two 1-GPU jobs (ranks 90, 80) on its 2 GPUs; server 1: one 2-GPU job (70).
    // A 2-GPU job of 10 needs two victims on server 0, one on server 1.
    ClusterState c = cluster(2, 2);
    const Request a = job(1, 1, 0, 90), b = job(2, 1, 0, 80), d = job(3, 2, 0, 70);
    hold(c, a, 0, 0);
    hold(c, b, 0, 1);
    hold(c, d, 1, 2);
    std::vector<RunningJob> run{running(a, 0, 90, 0), running(b, 0, 80, 0), running(d, 0, 70, 0)};
    const Request w2 = job(9, 2, 10, 10);
    std::vector<const Request*> waiting{&w2};
    CHECK(choose_preemptions(c, *srtf, waiting, run, 500).victims == std::vector<int64_t>{3});
    // A 1-GPU job: one victim anywhere; server 0's first victim (90) ranks highest.
    const Request w1 = job(9, 1, 10, 10);
    waiting = {&w1};
    CHECK(choose_preemptions(c, *srtf, waiting, run, 500).victims == std::vector<int64_t>{1});
  }
  SECTION("two waiting jobs do not count the same room twice; the window bounds the scan") {
    ClusterState c = cluster(1, 2);
    const Request a = job(1, 1, 0, 100), b = job(2, 1, 5, 100);
    hold(c, a, 0, 0);
    hold(c, b, 0, 1);
    std::vector<RunningJob> run{running(a, 10, 90, 0), running(b, 5, 95, 5)};
    const Request w1 = job(8, 1, 10, 5), w2 = job(9, 1, 11, 6);
    std::vector<const Request*> waiting{&w1, &w2};
    // b first (95 left, more than a's 90), then a.
    CHECK(choose_preemptions(c, *srtf, waiting, run, 500).victims == std::vector<int64_t>{2, 1});
    CHECK(choose_preemptions(c, *srtf, waiting, run, 1).victims == std::vector<int64_t>{2});
  }
}
