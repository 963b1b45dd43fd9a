// The job-log parsers (helios, PAI 2020, generic) and the replay cost model.
#include <catch2/catch.hpp>
#include <sstream>

#include "vgpusim/trace/job_traces.hpp"
#include "vgpusim/workload/replay.hpp"

using namespace vgpusim;

namespace {
const std::string kHeliosHeader =
    "job_id,user,vc,gpu_num,cpu_num,node_num,state,submit_time,start_time,end_time,duration,"
    "queue\n";

TraceJobs helios(const std::string& rows, TraceReadOptions o = {}) {
  std::istringstream in(kHeliosHeader + rows);
  return parse_helios(in, "log.csv", o);
}
}  // namespace

TEST_CASE("Trace: Helios rows become jobs", "[trace]") {
  SECTION("datetimes are rebased on the first submission and rows sorted by it") {
    auto t = helios(
        "2,u,vc1,1,4,1,COMPLETED,2020-09-01 00:00:30,,,30,0\n"
        "1,u,vc2,8,4,1,Pass,2020-08-31 23:59:00,,,7200,0\n");
    REQUIRE(t.jobs.size() == 2);
    CHECK(t.jobs[0].name == "1");
    CHECK(t.jobs[0].submit == 0);
    CHECK(t.jobs[1].submit == 90);
    CHECK(t.jobs[0].demand.count == 8);
    CHECK(t.jobs[1].vc == "vc1");
  }
  SECTION("Slurm and Philly states map to completed, failed, killed; running rows are left out") {
    auto t = helios(
        "1,u,v,1,1,1,TIMEOUT,2020-09-01 00:00:00,,,5,0\n"
        "2,u,v,1,1,1,Killed,2020-09-01 00:00:01,,,5,0\n"
        "3,u,v,1,1,1,RUNNING,2020-09-01 00:00:02,,,,0\n");
    REQUIRE(t.jobs.size() == 2);
    CHECK(t.jobs[0].status == TraceStatus::failed);
    CHECK(t.jobs[1].status == TraceStatus::killed);
    CHECK(t.skipped_unfinished == 1);
  }
  SECTION("duration falls back on end_time - start_time") {
    auto t = helios("1,u,v,1,1,1,COMPLETED,2020-09-01 00:00:00,2020-09-01 00:01:00,"
                    "2020-09-01 01:01:00,,0\n");
    CHECK(t.jobs.at(0).duration == 3600);
  }
  SECTION("CPU-only jobs are kept only when asked") {
    const std::string row = "1,u,v,0,8,1,COMPLETED,2020-09-01 00:00:00,,,10,0\n";
    CHECK(helios(row).skipped_cpu_only == 1);
    TraceReadOptions o;
    o.cpu_jobs = true;
    auto t = helios(row, o);
    REQUIRE(t.jobs.size() == 1);
    CHECK(t.jobs[0].demand.kind == GpuDemand::Kind::none);
    CHECK(t.jobs[0].cpu_milli == 8000);
  }
  SECTION("a malformed row names file, line and column") {
    CHECK_THROWS_WITH(helios("1,u,v,1,1,1,COMPLETED,2020-13-01 00:00:00,,,10,0\n"),
                      Catch::Contains("log.csv: line 2: submit_time: expected a date and time"));
    CHECK_THROWS_WITH(helios("1,u,v,1,1,1,DONE,2020-09-01 00:00:00,,,10,0\n"),
                      Catch::Contains("log.csv: line 2: state: unknown state 'DONE'"));
    std::istringstream in("job_id,vc,state\n");
    CHECK_THROWS_WITH(parse_helios(in, "log.csv", {}),
                      Catch::Contains("missing columns gpu_num, submit_time"));
  }
}

TEST_CASE("Trace: PAI 2020 tasks become jobs", "[trace]") {
  auto parse = [](const std::string& tasks, const std::string& jobs) {
    std::istringstream t(tasks), j(jobs);
    return parse_pai_2020(t, "task.csv", jobs.empty() ? nullptr : &j, "job.csv", {});
  };
  SECTION("plan_gpu below 100 is a milli share; instances of whole GPUs are one gang") {
    auto t = parse("a,w,1,Terminated,10,20,600,1,25,T4\nb,w,4,Failed,12,40,600,1,100,V100\n",
                   "a,i,alice,Terminated,5,20\n");
    REQUIRE(t.jobs.size() == 2);
    CHECK(t.jobs[0].demand.kind == GpuDemand::Kind::milli);
    CHECK(t.jobs[0].demand.milli == 250);
    CHECK(t.jobs[0].user == "alice");
    CHECK(t.jobs[0].submit == 0);  // the job table's submission (5), rebased
    CHECK(t.jobs[0].duration == 10);
    CHECK(t.jobs[1].demand.kind == GpuDemand::Kind::whole);
    CHECK(t.jobs[1].demand.count == 4);
    CHECK(t.jobs[1].submit == 7);
    CHECK(t.jobs[1].status == TraceStatus::failed);
  }
  SECTION("a file with the schema's header is read by name") {
    auto t = parse(
        "job_name,task_name,inst_num,status,start_time,end_time,plan_cpu,plan_mem,plan_gpu,"
        "gpu_type\na,w,1,Terminated,0,5,100,1,200,V100\n",
        "");
    REQUIRE(t.jobs.size() == 1);
    CHECK(t.jobs[0].demand.count == 2);
  }
  SECTION("fractional instances are separate jobs") {
    auto t = parse("a,w,3,Terminated,0,5,100,1,50,T4\n", "");
    CHECK(t.jobs.size() == 3);
  }
}

TEST_CASE("Trace: generic job CSV", "[trace]") {
  auto parse = [](const std::string& text) {
    std::istringstream in(text);
    return parse_generic_jobs(in, "jobs.csv", {});
  };
  SECTION("one GPU column per row, duration or work, units allowed") {
    auto t = parse("submit,gpus,gpu_milli,vgpu,duration,work,queue\n0,4,,,2h,,a\n"
                   "2020-01-01 00:00:10,,,A100D-20C,,30,b\n");
    REQUIRE(t.jobs.size() == 2);
    CHECK(t.jobs[0].duration == 7200);
    CHECK(t.jobs[1].demand.vgpu_type == "A100D-20C");
    CHECK(t.jobs[1].duration_is_work);
  }
  SECTION("rows that give two demands or neither duration nor work are errors") {
    CHECK_THROWS_WITH(parse("submit,gpus,gpu_milli,duration\n0,1,500,5\n"),
                      Catch::Contains("jobs.csv: line 2: gpus: give one of"));
    CHECK_THROWS_WITH(parse("submit,gpus,duration,work\n0,1,,\n"),
                      Catch::Contains("jobs.csv: line 2: duration: give exactly one"));
  }
}

TEST_CASE("Trace: replay cost model", "[trace]") {
  const Catalog& cat = Catalog::builtin();
  const GpuModel* a100 = cat.find_gpu("A100-PCIe-80GB");
  const GpuModel* h100 = cat.find_gpu("H100-SXM5-80GB");
  StageResources res;
  res.gpu = h100;
  res.gpus = 1;
  res.catalog = &cat;
  ReplayConfig c;
  c.work_s = 1000;
  SECTION("without a reference the work is time on the board it lands on") {
    CHECK(ReplayCostModel(c).plan(res).compute_gpu_seconds == 1000);
  }
  SECTION("with a reference the work scales by the peak ratio at the precision") {
    c.reference_gpu = a100->name;
    const double expected = 1000 * a100->peak(Precision::fp32) / h100->peak(Precision::fp32);
    CHECK(ReplayCostModel(c).plan(res).compute_gpu_seconds == Approx(expected));
  }
  SECTION("CPU-only work runs on the vCPUs") {
    res.gpu = nullptr;
    CHECK(ReplayCostModel(c).plan(res).compute_cpu_seconds == 1000);
  }
}
