#pragma once
// Fragmentation Gradient Descent (Weng et al., "Beware of Fragmentation", USENIX ATC'23),
// as ../shared/reference/fgd-experiment.md specifies it. The measures are exposed for
// tests and for reports; the policy itself (fgd_policy.cpp) memoises them.
#include <cstdint>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/policy/target_workload.hpp"

namespace vgpusim {

/// F_m of one server for task type m, in milli-GPU: G (all free GPU milli) when m is
/// CPU-only, when m's models exclude the server's, or when m does not fit (fewer than
/// num_gpu GPUs with g_j >= gpu_milli, or c < cpu); otherwise the sum of g_j over the
/// GPUs with g_j < gpu_milli (capacity m can never use).
double fgd_type_fragment(const TaskType& m, bool model_allowed, int64_t cpu_free,
                         const std::vector<int>& gpu_free);

/// F = sum over m of p_m x F_m.
double fgd_fragment(const TargetWorkload& w, const GpuModel* model, int64_t cpu_free,
                    const std::vector<int>& gpu_free);

/// floor(100 x sigmoid((f_before - f_after) / 1000)).
int fgd_score(double f_before, double f_after);

}  // namespace vgpusim
