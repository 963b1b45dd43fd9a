// Timing of the policies on the full openb default trace through the engine-free harness.
// Hidden ([.bench]): run with `vgpusim_unit "[.bench]"` (bench/packing_policies.sh).
#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>

#include "vgpusim/policy/policy.hpp"
#include "vgpusim/trace/alibaba_openb.hpp"
#include "vgpusim/trace/packing_run.hpp"

using namespace vgpusim;

TEST_CASE("Bench: packing timing on the full openb default trace", "[.bench]") {
  const std::string dir = std::string(VGPUSIM_TEST_DATA) + "/../../data/traces/alibaba-openb/";
  const auto nodes = read_openb_nodes(dir + "openb_node_list_gpu_node.csv");
  const auto pods = read_openb_pods(dir + "openb_pod_list_default.csv");
  const int64_t cap = openb_capacity_milli(nodes);
  auto workload = std::make_shared<TargetWorkload>(openb_target_workload(pods));
  const uint64_t seed = 42;
  const auto order = openb_arrival_stream(pods, cap, 1.3, seed);
  std::vector<Request> stream;
  for (size_t i = 0; i < order.size(); ++i)
    stream.push_back(openb_request(pods[order[i]], static_cast<int64_t>(i)));
  std::cout << "nodes " << nodes.size() << " capacity " << cap << " pods " << pods.size()
            << " arrivals " << stream.size() << " workload types " << workload->types.size()
            << "\n";
  for (const char* name : {"fgd", "best-fit", "dot-product", "gpu-packing", "gpu-clustering",
                           "random", "first-fit", "worst-fit"}) {
    auto cluster = build_openb_cluster(nodes);
    PolicyContext ctx;
    ctx.seed = seed;
    ctx.workload = workload;
    auto policy = policy_registry().get(name).factory(ctx);
    const auto t0 = std::chrono::steady_clock::now();
    auto res = run_packing(cluster->state, stream, *policy);
    const double total =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    auto curve = allocation_curve(res.arrived, res.allocated, cap);
    std::cout << name << ": decide " << res.decide_seconds << " s, run " << total << " s, placed "
              << res.placed << ", dropped " << res.dropped << ", invalid " << res.invalid
              << ", alloc% at 100/130: " << curve[100].allocated_pct << " / "
              << curve[130].allocated_pct << "\n";
    CHECK(res.invalid == 0);
  }
}
