// `datacenter: {import: ...}` and `workflows: {import: ...}`: the format's importer from
// the trace importer registry does the reading; this file finds it and resolves paths.
#include <fmt/format.h>

#include <filesystem>

#include "loader_parts.hpp"
#include "vgpusim/scenario/param_reader.hpp"
#include "vgpusim/scenario/trace_importer.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim {

std::string ImportSource::resolve(const std::string& relative) const {
  std::filesystem::path p(relative);
  if (p.is_absolute() || base_dir.empty()) return p.string();
  return (std::filesystem::path(base_dir) / p).string();
}

const TraceImporterRegistry& trace_importer_registry() {
  static const TraceImporterRegistry reg = [] {
    TraceImporterRegistry r("trace format");
    r.add(loader::openb_importer());
    for (auto& e : loader::job_trace_importers()) r.add(std::move(e));
    return r;
  }();
  return reg;
}

namespace loader {

void read_import(YamlReader& r, const YAML::Node& n, const std::string& path, Scenario& s,
                 ImportPart part) {
  if (!r.expect_map(n, path)) return;
  auto format = r.text(n, path, "format", true);
  if (!format) return;
  const auto& reg = trace_importer_registry();
  const auto* entry = reg.find(*format);
  if (!entry) {
    std::string msg =
        fmt::format("unknown trace format '{}'; known: {}", *format, reg.names_joined());
    std::string guess = did_you_mean(*format, reg.names());
    if (!guess.empty()) msg += fmt::format(" (did you mean '{}'?)", guess);
    r.error(n["format"], YamlReader::join(path, "format"), msg);
    return;
  }
  const auto& fn =
      part == ImportPart::datacenter ? entry->factory.datacenter : entry->factory.workload;
  if (!fn) {
    r.error(n["format"], YamlReader::join(path, "format"),
            fmt::format("format '{}' has no {} to import", *format,
                        part == ImportPart::datacenter ? "node list" : "task list"));
    return;
  }
  const std::string base = std::filesystem::path(s.file).parent_path().string();
  ImportSource src{r, n, path, base, {}};
  for (const ParamSpec& spec : entry->params) read_param(r, n, path, spec, src.params);
  fn(src, s);
}

}  // namespace loader
}  // namespace vgpusim
