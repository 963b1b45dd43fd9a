#pragma once
// Pure score functions of the built-in policies, exposed so that tests can check them on
// worked examples without building a cluster.
#include <cstdint>
#include <vector>

namespace vgpusim {

int64_t gpu_packing_score(const std::vector<int>& all_free, std::vector<int> fitting_free,
                          int need);
int64_t gpu_clustering_score(int64_t free_milli_sum, bool task_share, bool hosts_share,
                             bool hosts_whole);

}  // namespace vgpusim
