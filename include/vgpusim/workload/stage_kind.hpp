#pragma once
// Stage kinds (prep, train, optimize, serve, ...) and their cost models. Each kind declares
// the scenario keys it takes (a schema the loader validates generically) and builds an
// engine-free cost model from the parsed values. Engine-free.
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/util/param_spec.hpp"
#include "vgpusim/util/registry.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim {

/// A stage kind's scenario keys and their values: the registries' common parameter types.
using StageParamSpec = ParamSpec;
using StageParams = ParamValues;

/// What a stage is given to run on: the board and how many GPUs (or vCPUs for CPU work).
struct StageResources {
  const GpuModel* gpu = nullptr;  // null for CPU-only stages
  int gpus = 0;                   // GPUs (vGPUs / slices) the stage holds
  int vcpus = 0;
  int servers = 1;  // servers the stage spans (a gang, docs/training.md)
  // A gang's reference ring (replayed jobs calibrate on it, docs/traces.md): the bandwidth
  // of each hop on an idle network, the slowest NIC of its servers (0: not a gang), and the
  // share of each GPU it is guaranteed (the recorded duration is at that share).
  double ring_bandwidth = 0;  // bytes/s
  double gpu_share = 1.0;
  // Where reference boards (optimize/serve `reference_gpu`) are looked up; null = builtin.
  // A scenario may add boards, so the loader/engine passes its own catalog.
  const Catalog* catalog = nullptr;
};

/// The phases the engine runs for one stage, in order. Every figure is derived from the
/// stage's parameters and the resources by the kind's cost model.
struct StagePlan {
  double read_bytes = 0;           // from the storage service before computing
  double compute_gpu_seconds = 0;  // per GPU, on a whole GPU of the board (share 1.0)
  double compute_cpu_seconds = 0;  // on the VM's vCPUs at full speed (CPU engines)
  double write_bytes = 0;          // to the storage service after computing
  double checkpoint_every_s = 0;   // of compute progress; 0 = no checkpoints
  double checkpoint_bytes = 0;
  double speedup_out = 1.0;                // optimize: factor applied to downstream serve stages
  std::optional<Precision> precision_out;  // optimize: precision the built engine runs at
  // Data-parallel synchronisation (train, docs/training.md): the compute is `iterations`
  // iterations, each a forward pass (1/3 of its compute), a backward pass (2/3) and a ring
  // all-reduce of `gradient_bytes`, `overlap` of which runs during the backward pass. The
  // engine sends it over the network when the stage spans servers; `iterations_per_round`
  // iterations are merged into one round of activities. iterations 0: none modelled.
  double iterations = 0;
  double gradient_bytes = 0;
  double overlap = 0;
  int iterations_per_round = 1;
};

/// One GPU slice a stage may be placed on, as the loader sees it before placement: the
/// board, the framebuffer of the slice, and the fractions of the board's compute and memory
/// bandwidth it owns whatever its neighbours do (MIG: its slices; otherwise 1, the engine
/// applies time-sliced shares). `gpus`: how many such slices one placement holds.
struct StageSlice {
  const GpuModel* board = nullptr;
  double framebuffer = 0;  // bytes
  double compute_fraction = 1.0;
  double memory_fraction = 1.0;
  int gpus = 1;
  std::string label;  // "vGPU L40S-24Q", "a whole H100-SXM5-80GB", ...
};

class StageCostModel {
 public:
  virtual ~StageCostModel() = default;
  virtual StagePlan plan(const StageResources& res) const = 0;
};

/// A problem with a stage's parameters that no per-key schema check can see (a missing
/// alternative, a value out of range). `key` is the dotted key to point at (empty: the
/// stage as a whole); `message` says what is wrong and what is allowed.
struct StageParamIssue {
  std::string key;
  std::string message;
};

struct StageKindInfo {
  std::vector<StageParamSpec> params;
  bool needs_gpu = true;  // false: may run CPU-only (e.g. prep with engine: cpu)
  /// True for long-running services (serve): the engine drives them with a ServeModel
  /// (serve_model.hpp) instead of a StagePlan; `make` still returns a (trivial) model.
  bool is_service = false;
  /// Interference class by default (stage key `kernels`): true for latency-sensitive
  /// small kernels that cannot fill a GPU alone (per-request inference), false for
  /// compute-bound large kernels (docs/slicing.md, "Context-switch overhead").
  bool small_kernels = false;
  /// Cross-key checks run by the loader after the per-key schema checks, with defaults
  /// already filled in. Null: nothing to check.
  std::function<std::vector<StageParamIssue>(const StageParams&, const Catalog&)> validate;
  /// Checks against a slice the stage may be placed on (a model that does not fit the
  /// framebuffer). Null: nothing to check.
  std::function<std::vector<StageParamIssue>(const StageParams&, const StageSlice&)> validate_slice;
  /// Whether these parameters need a GPU (prep: engine rapids yes, cpu no). Null: needs_gpu.
  std::function<bool(const StageParams&)> gpu_required;
  /// Throws std::invalid_argument on parameters `validate` would reject.
  std::function<std::unique_ptr<StageCostModel>(const StageParams&)> make;
};

using StageKindRegistry = Registry<StageKindInfo>;

/// The process-wide registry with the built-in kinds.
const StageKindRegistry& stage_kind_registry();

/// How much slower `board` is than `reference` at precision `p`: ref_peak / board_peak.
/// Cost models quote times on a reference board and scale them with this.
double peak_ratio(const GpuModel& reference, const GpuModel& board, Precision p);

/// The reference board named `name` in `catalog` (null: builtin); throws
/// std::invalid_argument naming the known boards when it is not there.
const GpuModel& resolve_reference_gpu(const std::string& name, const Catalog* catalog);

/// Parses a precision parameter value; throws std::invalid_argument listing the valid ones.
Precision precision_param(const std::string& text);

/// Validation helpers shared by the kinds' `validate`: an issue at `key` when `name` is not
/// a board of `c` (the message lists the known ones).
void check_known_gpu(const std::string& key, const std::string& name, const Catalog& c,
                     std::vector<StageParamIssue>& issues);
/// An issue for each of `keys` that is given and not > 0.
void check_positive(const StageParams& p, std::initializer_list<const char*> keys,
                    std::vector<StageParamIssue>& issues);

}  // namespace vgpusim
