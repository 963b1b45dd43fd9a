#pragma once
// Trace importers: a scenario may take its datacenter (`datacenter: {import: {format: F,
// ...}}`) and its workload (`workflows: {import: {format: F, ...}}`) from a published trace
// instead of writing them out. Each format is a registry entry with a description and its
// keys; an unknown format is an error listing the known ones.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>

#include "vgpusim/scenario/scenario.hpp"
#include "vgpusim/scenario/yaml_reader.hpp"
#include "vgpusim/util/registry.hpp"

namespace vgpusim {

/// What an importer reads from: the `import` map, its key path for messages, and the
/// directory of the scenario file (trace paths are relative to it).
struct ImportSource {
  YamlReader& reader;
  const YAML::Node& node;
  std::string path;      // "datacenter.import"
  std::string base_dir;  // directory of the scenario file
  /// The format's declared parameters as read (typed, range-checked, defaults filled in).
  ParamValues params;
  /// `relative` resolved against base_dir (absolute paths are kept).
  std::string resolve(const std::string& relative) const;
};

struct TraceImporter {
  /// Adds pools (and catalog entries for the boards it names) to the scenario; null when
  /// the format has no node list. Reports problems through source.reader.
  std::function<void(const ImportSource&, Scenario&)> datacenter;
  /// Fills Scenario::task_stream; called after the datacenter is read (it may size the
  /// stream from the cluster). Null when the format has no task list.
  std::function<void(const ImportSource&, Scenario&)> workload;
};

using TraceImporterRegistry = Registry<TraceImporter>;

/// The process-wide registry with the built-in importers (alibaba-openb).
const TraceImporterRegistry& trace_importer_registry();

}  // namespace vgpusim
