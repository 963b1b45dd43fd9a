#include "vgpusim/cluster/time_slice.hpp"

#include <algorithm>
#include <cmath>

namespace vgpusim {

double nvidia_default_time_slice(int max_vgpus_per_gpu) {
  return max_vgpus_per_gpu > 8 ? 0.001 : 0.002;
}

double round_robin_slot_wait(double work_s, double slice_s, int slots) {
  if (slots <= 1 || !(slice_s > 0) || !(work_s > 0)) return 0.0;
  const double k = std::ceil(work_s / slice_s);
  return std::max(0.0, (slots - 1) * ((k - 0.5) * slice_s - work_s));
}

}  // namespace vgpusim
