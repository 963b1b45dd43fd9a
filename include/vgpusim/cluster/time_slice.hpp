#pragma once
// NVIDIA's time-sliced vGPU scheduler facts, as the share model uses them (engine-free).
//
// Source: NVIDIA Virtual GPU Software User Guide (vGPU 17 = NVIDIA AI Enterprise 5.x) §7.1-7.3,
// "RmPVMRL Registry Key", Table 1; unchanged in the NVIDIA AI Enterprise 8.x/9.0 "Scheduling
// Policies" page (docs/slicing.md): the equal share and fixed share schedulers impose a strict
// round robin, one time slice per vGPU in turn; the default slice is 2 ms (480 Hz) when the
// vGPU type allows at most 8 vGPUs per GPU, 1 ms (960 Hz) above that; it can be set from 1 to
// 30 ms. The best effort scheduler's slice is not configurable.

namespace vgpusim {

inline constexpr double kMinTimeSlice = 0.001;  // s, RmPVMRL TT = 0x01
inline constexpr double kMaxTimeSlice = 0.030;  // s, RmPVMRL TT = 0x1E

/// NVIDIA's default time slice for a vGPU type allowing `max_vgpus_per_gpu` per GPU.
double nvidia_default_time_slice(int max_vgpus_per_gpu);

/// Extra latency, beyond the fluid share model's work / share, of a batch of `work_s`
/// whole-GPU seconds on a vGPU served by a strict round robin of `slots` slices of
/// `slice_s` (the vGPU owns one slot of every `slots`; 1/share = slots).
///
/// A batch starting at a uniformly random phase waits on average (slots - 1) x slice / 2 for
/// its slot, then runs at the full GPU in k = ceil(work / slice) of its slots:
///   D = (slots - 1) x slice / 2 + work + (k - 1) x (slots - 1) x slice.
/// The fluid model gives work x slots, which D exceeds by (slots - 1) x ((k - 1/2) x slice -
/// work) when the batch ends in the first half of a slot (short batches wait for a whole
/// turn), and undercuts otherwise. Returns max(0, D - work x slots): the fluid model stays the
/// floor, so the GPU's shares (and every other stage on it) are unchanged.
double round_robin_slot_wait(double work_s, double slice_s, int slots);

}  // namespace vgpusim
