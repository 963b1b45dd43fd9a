#pragma once
// Internal pieces of the scenario loader, one per top-level section.
#include <yaml-cpp/yaml.h>

#include "vgpusim/scenario/scenario.hpp"
#include "vgpusim/scenario/trace_importer.hpp"
#include "vgpusim/scenario/yaml_reader.hpp"
#include "vgpusim/trace/job_traces.hpp"

namespace vgpusim::loader {

/// `catalog:` edits s.catalog (catalog_loader.cpp); read first, so that pools and stages can
/// name what it adds.
void read_catalog(YamlReader& r, const YAML::Node& n, Scenario& s);
/// "unknown GPU model 'X'; known: ... (did you mean 'Y'?)".
std::string unknown_gpu_message(const Catalog& c, const std::string& name);
void read_datacenter(YamlReader& r, const YAML::Node& dc, Scenario& s);
void read_workflows(YamlReader& r, const YAML::Node& wfs, Scenario& s);
/// A stage's `replicas`: a count, or an LLM service's autoscaler (autoscale_loader.cpp).
/// Needs the stage's kind and parameters read.
void read_replicas(YamlReader& r, const YAML::Node& n, const std::string& path, StageSpec& st);
void read_policy(YamlReader& r, const YAML::Node& p, Scenario& s);
void read_migration(YamlReader& r, const YAML::Node& n, Scenario& s);
void read_energy(YamlReader& r, const YAML::Node& n, Scenario& s);
/// Needs the pools read first: targets name servers and GPUs.
void read_events(YamlReader& r, const YAML::Node& n, Scenario& s);
/// Applies "key.path=value" to the tree; reports malformed overrides.
void apply_set(YamlReader& r, YAML::Node& root, const std::string& assignment);

/// An `import: {format: F, ...}` map under datacenter or workflows (import_loader.cpp).
enum class ImportPart { datacenter, workload };
void read_import(YamlReader& r, const YAML::Node& n, const std::string& path, Scenario& s,
                 ImportPart part);
/// The built-in importer of the Alibaba GPU-sharing traces (openb_importer.cpp).
TraceImporterRegistry::Entry openb_importer();
/// The job-log importers (job_trace_import.cpp): helios, alibaba-pai-2020, generic.
std::vector<TraceImporterRegistry::Entry> job_trace_importers();

/// A board a trace names (trace_boards.cpp): the catalog's entry, else the built-in figures
/// of the trace boards (P100, P40, V100-SXM2-32GB, ...), else with `any_name` a board with
/// that name and no figures; null when unknown and !any_name.
const GpuModel* ensure_trace_board(Scenario& s, const std::string& name, bool any_name);
std::string trace_board_names();

/// `workflows.import` keys every job-log format shares (job_trace_import.cpp).
extern const std::vector<std::string> kJobTraceKeys;
/// Their typed parameters (all but `quotas`, a map read by add_trace_jobs).
const std::vector<ParamSpec>& job_trace_params();
/// The `gradients` keys of a job-log import (trace_gradients.cpp), part of
/// job_trace_params().
const std::vector<ParamSpec>& trace_gradient_params();
/// Sets the replay stage's gradient keys from `gradients` (absent: the defaults; `none`:
/// none), reporting bad values at their key.
void read_trace_gradients(const ImportSource& src, StageSpec& stage);
/// Turns parsed trace jobs into Scenario::trace and one replay workflow per workflow
/// name (the generic CSV's `workflow` column, else "trace"), reading the shared keys.
void add_trace_jobs(const ImportSource& src, Scenario& s, TraceJobs jobs);
/// The parser options the shared keys give (cpu_jobs).
TraceReadOptions trace_read_options(const ImportSource& src);

/// The slices a stage may be placed on, one per board the pools offer for its demand
/// (stage_demand.cpp).
std::vector<StageSlice> candidate_slices(const Scenario& s, const StageSpec& st);
/// Reports at `at` a stage that no pool could ever host (stage_demand.cpp).
void check_demand(YamlReader& r, const YAML::Node& at, const std::string& path, const Scenario& s,
                  const StageSpec& st, bool is_service);

}  // namespace vgpusim::loader
