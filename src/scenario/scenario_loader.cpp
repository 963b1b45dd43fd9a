#include "vgpusim/scenario/scenario_loader.hpp"

#include <fstream>
#include <sstream>

#include "loader_parts.hpp"
#include "vgpusim/scenario/memory_estimate.hpp"
#include "vgpusim/util/diagnostics.hpp"
#include "vgpusim/util/units.hpp"

namespace vgpusim {
namespace {

void read_outputs(YamlReader& r, const YAML::Node& n, Scenario& s) {
  const std::string path = "outputs";
  if (!r.expect_map(n, path)) return;
  r.check_keys(n, path, {"report", "trace", "trace_max_size", "decisions"});
  if (auto v = r.boolean(n, path, "report")) s.outputs.report = *v;
  if (auto v = r.boolean(n, path, "decisions")) s.outputs.decisions = *v;
  if (auto v = r.choice(n, path, "trace", {"true", "false", "gzip"})) {
    s.outputs.trace = *v != "false";
    s.outputs.trace_gzip = *v == "gzip";
  }
  if (auto v = r.quantity(n, path, "trace_max_size", Quantity::bytes)) {
    if (*v < 1 << 20)
      r.error(n["trace_max_size"], path + ".trace_max_size",
              "at least 1MiB: a smaller trace would hold hardly any stage");
    else
      s.outputs.trace_max_size = *v;
  }
}

Scenario parse(YAML::Node root, const std::string& file, const LoadOptions& options) {
  Diagnostics diags;
  YamlReader r(file, diags);
  Scenario s;
  s.file = file;
  s.catalog = Catalog::builtin();
  for (const auto& set : options.sets) loader::apply_set(r, root, set);

  if (!root.IsMap()) {
    r.error(root, "",
            "a scenario is a YAML mapping with keys version, name, datacenter, workflows, ...");
    throw InputError(std::move(diags));
  }
  r.check_keys(root, "",
               {"version", "name", "seed", "horizon", "datacenter", "workflows", "policy",
                "outputs", "description", "migration", "events", "energy", "catalog"});
  if (auto v = r.integer(root, "", "version", true); v && *v != 1)
    r.error(
        root["version"], "version",
        "unsupported scenario version " + std::to_string(*v) + "; this vgpusim reads version 1");
  s.name = r.text(root, "", "name", true).value_or("");
  s.seed = static_cast<uint64_t>(r.integer(root, "", "seed").value_or(0));
  s.horizon = r.quantity(root, "", "horizon", Quantity::duration).value_or(0);
  if (options.seed) s.seed = *options.seed;

  if (root["catalog"].IsDefined()) loader::read_catalog(r, root["catalog"], s);
  if (root["datacenter"].IsDefined())
    loader::read_datacenter(r, root["datacenter"], s);
  else
    r.error(root, "datacenter", "is required");
  if (root["workflows"].IsDefined())
    loader::read_workflows(r, root["workflows"], s);
  else
    r.error(root, "workflows", "is required");
  YAML::Node policy = root["policy"];
  if (options.policy) {
    YAML::Node name(*options.policy);
    r.from_flag(name, "--policy " + *options.policy);
    policy["placement"] = name;
  }
  if (policy.IsDefined() && !policy.IsNull()) loader::read_policy(r, policy, s);
  if (root["outputs"].IsDefined()) read_outputs(r, root["outputs"], s);
  if (root["migration"].IsDefined()) loader::read_migration(r, root["migration"], s);
  if (root["energy"].IsDefined()) loader::read_energy(r, root["energy"], s);
  if (root["events"].IsDefined()) loader::read_events(r, root["events"], s);

  if (!diags.empty()) throw InputError(std::move(diags));
  // Last, on a scenario known valid: whether a run of it fits in memory.
  MemoryBudget budget = default_memory_budget();
  if (options.memory_budget) {
    const UnitResult v = parse_quantity(*options.memory_budget, Quantity::bytes);
    if (const auto* err = std::get_if<UnitError>(&v))
      throw InputError("--memory-budget: " + err->message);
    budget.resident = std::get<double>(v);
    budget.source = "--memory-budget " + *options.memory_budget;
  }
  if (std::string why = memory_problem(estimate_memory(s), budget); !why.empty()) {
    diags.add(Diagnostic{file, 0, 0, "", std::move(why)});
    throw InputError(std::move(diags));
  }
  return s;
}

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    Diagnostics d;
    d.add(Diagnostic{file, e.mark.line + 1, e.mark.column + 1, "", "invalid YAML: " + e.msg});
    throw InputError(std::move(d));
  }
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& file,
                            const LoadOptions& options) {
  return parse(parse_yaml(text, file), file, options);
}

Scenario load_scenario(const std::string& path, const LoadOptions& options) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot read the scenario file (does it exist?)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return load_scenario_text(ss.str(), path, options);
}

}  // namespace vgpusim
