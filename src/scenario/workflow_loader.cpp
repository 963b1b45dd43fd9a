#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "cluster/rules.hpp"
#include "loader_parts.hpp"
#include "vgpusim/scenario/param_reader.hpp"
#include "vgpusim/scenario/arrivals.hpp"
#include "vgpusim/workload/llm_params.hpp"
#include "vgpusim/workload/runtime_estimate.hpp"

namespace vgpusim::loader {
namespace {

const std::vector<std::string> kCommonStageKeys{
    "name",       "kind",  "after",  "vgpu",  "count",    "gpus",    "gpu_milli",
    "gpu_models", "vcpus", "memory", "image", "replicas", "priority", "kernels"};

std::string known_kinds() {
  return stage_kind_registry().names_joined();
}

/// A trace path as written in the scenario: relative to the scenario file's directory.
std::string beside_scenario(const YamlReader& r, const std::string& file) {
  std::filesystem::path p(file);
  if (p.is_absolute()) return file;
  return (std::filesystem::path(r.file()).parent_path() / p).lexically_normal().string();
}

/// Reads a CSV time trace (arrivals.hpp) for the key at `at`, reporting its problems there.
std::vector<double> read_trace_at(YamlReader& r, const YAML::Node& at, const std::string& path,
                                  const std::string& file, const std::string& workflow) {
  std::vector<std::string> errors;
  std::vector<double> times = read_time_trace(file, workflow, errors);
  for (const auto& e : errors)  // a read failure names the file already
    r.error(at, path, e.rfind("cannot read", 0) == 0 ? e : fmt::format("{}: {}", file, e));
  if (errors.empty() && times.empty())
    r.error(at, path,
            fmt::format("{}: no arrival times{}", file,
                        workflow.empty() ? "" : " for workflow '" + workflow + "'"));
  return times;
}

/// Unknown-key check for a stage: common keys plus the kind's schema (nested maps too).
void check_stage_keys(YamlReader& r, const YAML::Node& n, const std::string& path,
                      const StageKindInfo* kind) {
  std::vector<std::string> top = kCommonStageKeys;
  std::map<std::string, std::vector<std::string>> nested;
  if (kind)
    for (const auto& p : kind->params) {
      auto dot = p.key.find('.');
      if (dot == std::string::npos) {
        top.push_back(p.key);
      } else {
        std::string head = p.key.substr(0, dot);
        if (!nested.count(head)) top.push_back(head);
        nested[head].push_back(p.key.substr(dot + 1));
      }
    }
  r.check_keys(n, path, top);
  for (const auto& [head, keys] : nested) {
    const bool shorthand = n[head].IsDefined() && n[head].IsScalar() &&
                           std::find(keys.begin(), keys.end(), "name") != keys.end();
    if (!shorthand && n[head].IsDefined() && r.expect_map(n[head], YamlReader::join(path, head)))
      r.check_keys(n[head], YamlReader::join(path, head), keys);
  }
}

/// The node of dotted `key` under `stage` (as deep as it exists), for locating an issue.
YAML::Node node_at(const YAML::Node& stage, const std::string& key) {
  YAML::Node at;
  at.reset(stage);
  size_t from = 0;
  while (from <= key.size()) {
    const size_t dot = key.find('.', from);
    const std::string part = key.substr(from, dot == std::string::npos ? dot : dot - from);
    if (!at.IsMap() || !at[part].IsDefined()) break;
    at.reset(at[part]);
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  return at;
}

void read_demand(YamlReader& r, const YAML::Node& n, const std::string& path, const Scenario& s,
                 StageSpec& st, const StageKindInfo* kind) {
  int ways = (n["vgpu"].IsDefined() ? 1 : 0) + (n["gpus"].IsDefined() ? 1 : 0) +
             (n["gpu_milli"].IsDefined() ? 1 : 0);
  if (ways > 1) {
    r.error(n, path,
            "ask for GPU capacity in exactly one way: vgpu: TYPE, gpus: N or gpu_milli: M");
    return;
  }
  // Up to 4096 GPUs: wider than a server, a stage is a gang over several (docs/training.md).
  int64_t count = r.integer(n, path, "count", false, 1, 4096).value_or(1);
  if (auto v = r.text(n, path, "vgpu")) {
    const VgpuType* t = s.catalog.find_vgpu(*v);
    if (!t) {
      std::vector<std::string> names;
      std::set<std::string> boards;
      for (const auto& p : s.pools) boards.insert(p.gpu_model);
      std::string known;
      for (const auto& b : boards)
        for (const VgpuType* k : s.catalog.vgpu_types_of(b)) {
          names.push_back(k->name);
          known += (known.empty() ? "" : ", ") + k->name;
        }
      for (const auto& all : s.catalog.vgpu_types()) names.push_back(all.name);
      std::string msg = fmt::format("unknown vGPU type '{}'", *v);
      std::string guess = did_you_mean(*v, names);
      if (!guess.empty()) msg += fmt::format("; did you mean '{}'?", guess);
      if (!known.empty()) msg += fmt::format(" Known for this datacenter's boards: {}", known);
      r.error(n["vgpu"], YamlReader::join(path, "vgpu"), msg);
      return;
    }
    st.demand.kind = GpuDemand::Kind::vgpu;
    st.demand.vgpu_type = t->name;
    st.demand.count = static_cast<int>(count);
  } else if (auto g = r.integer(n, path, "gpus", false, 1, 4096)) {
    st.demand.kind = GpuDemand::Kind::whole;
    st.demand.count = static_cast<int>(*g);
  } else if (auto m = r.integer(n, path, "gpu_milli", false, 1, 1000)) {
    st.demand.kind = GpuDemand::Kind::milli;
    st.demand.milli = static_cast<int>(*m);
    st.demand.count = static_cast<int>(count);
    if (*m < 1000 && count > 1)
      r.error(n["count"], YamlReader::join(path, "count"),
              "a fractional request (gpu_milli < 1000) shares one GPU; count must be 1");
  } else if (kind && !n["gpus"].IsDefined() && !n["gpu_milli"].IsDefined() &&
             (kind->gpu_required ? kind->gpu_required(st.params) : kind->needs_gpu)) {
    r.error(n, path, "asks for no GPU; give vgpu: TYPE, gpus: N or gpu_milli: M");
  }
  if (YAML::Node gm = n["gpu_models"]; gm.IsDefined()) {
    std::string gp = YamlReader::join(path, "gpu_models");
    if (r.expect_sequence(gm, gp))
      for (size_t i = 0; i < gm.size(); ++i)
        if (auto name = r.scalar_of(gm[i], YamlReader::index(gp, i))) {
          if (const GpuModel* model = s.catalog.find_gpu(*name))
            st.demand.gpu_models.push_back(model->name);
          else
            r.error(gm[i], YamlReader::index(gp, i), fmt::format("unknown GPU model '{}'", *name));
        }
  }
}

void read_stage(YamlReader& r, const YAML::Node& n, const std::string& path, const Scenario& s,
                StageSpec& st) {
  if (!r.expect_map(n, path)) return;
  const size_t problems_before = r.diagnostics().size();
  st.name = r.text(n, path, "name", true).value_or("");
  const StageKindInfo* kind = nullptr;
  if (auto k = r.text(n, path, "kind", true)) {
    if (const auto* e = stage_kind_registry().find(*k)) {
      kind = &e->factory;
      st.kind = *k;
    } else {
      std::string msg = fmt::format("unknown stage kind '{}'; known: {}", *k, known_kinds());
      r.error(n["kind"], YamlReader::join(path, "kind"), msg);
    }
  }
  check_stage_keys(r, n, path, kind);
  if (kind)
    for (const auto& spec : kind->params) read_param(r, n, path, spec, st.params);
  read_demand(r, n, path, s, st, kind);
  if (auto v = r.integer(n, path, "vcpus", false, 1, 4096)) st.vcpus = static_cast<int>(*v);
  if (auto v = r.quantity(n, path, "memory", Quantity::bytes)) st.memory = *v;
  read_replicas(r, n, path, st);
  check_demand(r, n, path, s, st, kind && kind->is_service);
  if (kind) st.small_kernels = kind->small_kernels;
  if (auto v = r.choice(n, path, "kernels", {"large", "small"})) st.small_kernels = *v == "small";
  if (YAML::Node img = n["image"]; img.IsDefined()) {
    std::string ip = YamlReader::join(path, "image");
    if (r.expect_map(img, ip)) {
      r.check_keys(img, ip, {"name", "size"});
      st.image.name = r.text(img, ip, "name", true).value_or("");
      st.image.size = r.quantity(img, ip, "size", Quantity::bytes, true).value_or(0);
    }
  }
  if (YAML::Node a = n["after"]; a.IsDefined()) {
    std::string ap = YamlReader::join(path, "after");
    if (a.IsScalar()) {
      st.after.push_back(a.Scalar());
    } else if (r.expect_sequence(a, ap)) {
      for (size_t i = 0; i < a.size(); ++i)
        if (auto v = r.scalar_of(a[i], YamlReader::index(ap, i))) st.after.push_back(*v);
    }
  }
  // A stage whose work would outlast the simulated durations the engine handles (mfu: 1e-300,
  // params: 1e21) is refused here, from its own cost model, rather than run for ever.
  if (kind && r.diagnostics().size() == problems_before) {
    try {
      const double t = estimate_stage_runtime_s(s, st);
      if (!(t <= engine_range(Quantity::duration).max))
        r.error(n, path,
                fmt::format("would run for {} by its cost model, beyond what the simulator "
                            "handles ({}); check its work and speed parameters",
                            format_duration(t), engine_range(Quantity::duration).text));
    } catch (const std::exception&) {
      // kind->validate below says what is wrong with the parameters.
    }
  }
  if (kind) {
    std::vector<StageParamIssue> issues;
    if (kind->validate) issues = kind->validate(st.params, s.catalog);
    for (const auto& issue : issues)
      r.error(node_at(n, issue.key), issue.key.empty() ? path : YamlReader::join(path, issue.key),
              issue.message);
    // Whether the stage can run on every slice it may get (a model too big for a profile).
    if (issues.empty() && kind->validate_slice)
      for (const StageSlice& slice : candidate_slices(s, st))
        for (const auto& issue : kind->validate_slice(st.params, slice))
          r.error(node_at(n, issue.key),
                  issue.key.empty() ? path : YamlReader::join(path, issue.key), issue.message);
    if (kind->is_service && st.params.texts.count("requests.trace")) {
      // Read now, so that a bad trace is an input error and not a failure mid-run.
      std::string file = beside_scenario(r, st.params.text("requests.trace"));
      st.params.texts["requests.trace"] = file;
      const YAML::Node at = n["requests"]["trace"].IsDefined() ? n["requests"]["trace"] : n;
      const std::string key = YamlReader::join(path, "requests.trace");
      if (serves_llm(st.params)) {
        std::vector<std::string> errors;
        auto rows = read_llm_trace(file, errors);
        for (const auto& e : errors)
          r.error(at, key, e.rfind("cannot read", 0) == 0 ? e : fmt::format("{}: {}", file, e));
        if (errors.empty() && rows.empty())
          r.error(at, key, fmt::format("{}: no requests", file));
        st.llm_requests = std::make_shared<const std::vector<LlmTraceRequest>>(std::move(rows));
      } else {
        st.request_times = std::make_shared<const std::vector<double>>(
            read_trace_at(r, at, key, file, ""));
      }
    }
  }
}

/// Resolves `after` names and rejects cycles (the stages form a DAG).
void resolve_dag(YamlReader& r, const YAML::Node& stages, const std::string& path,
                 WorkflowSpec& wf) {
  std::map<std::string, int> index;
  for (size_t i = 0; i < wf.stages.size(); ++i) {
    if (!index.emplace(wf.stages[i].name, static_cast<int>(i)).second)
      r.error(stages[i]["name"], YamlReader::join(YamlReader::index(path, i), "name"),
              fmt::format("duplicate stage name '{}'", wf.stages[i].name));
  }
  std::vector<std::string> names;
  for (const auto& st : wf.stages) names.push_back(st.name);
  for (size_t i = 0; i < wf.stages.size(); ++i)
    for (const auto& a : wf.stages[i].after) {
      auto it = index.find(a);
      if (it == index.end()) {
        std::string msg = fmt::format("unknown stage '{}' in after", a);
        std::string guess = did_you_mean(a, names);
        if (!guess.empty()) msg += fmt::format("; did you mean '{}'?", guess);
        r.error(stages[i]["after"], YamlReader::join(YamlReader::index(path, i), "after"), msg);
      } else {
        wf.stages[i].after_index.push_back(it->second);
      }
    }
  // Depth-first search with colours: 0 new, 1 on the stack, 2 done.
  std::vector<int> colour(wf.stages.size(), 0);
  std::vector<int> stack;
  std::function<bool(int)> visit = [&](int v) {
    colour[static_cast<size_t>(v)] = 1;
    stack.push_back(v);
    for (int u : wf.stages[static_cast<size_t>(v)].after_index) {
      if (colour[static_cast<size_t>(u)] == 1) {
        std::string cycle;
        auto from = std::find(stack.begin(), stack.end(), u);
        for (auto it = from; it != stack.end(); ++it)
          cycle += wf.stages[static_cast<size_t>(*it)].name + " -> ";
        cycle += wf.stages[static_cast<size_t>(u)].name;
        r.error(stages[static_cast<size_t>(v)]["after"],
                YamlReader::join(YamlReader::index(path, static_cast<size_t>(v)), "after"),
                "the stages form a cycle: " + cycle);
        return true;
      }
      if (colour[static_cast<size_t>(u)] == 0 && visit(u)) return true;
    }
    stack.pop_back();
    colour[static_cast<size_t>(v)] = 2;
    return false;
  };
  for (size_t i = 0; i < wf.stages.size(); ++i)
    if (colour[i] == 0 && visit(static_cast<int>(i))) break;
}

void read_arrival(YamlReader& r, const YAML::Node& n, const std::string& path, ArrivalSpec& a,
                  const std::string& workflow) {
  if (!r.expect_map(n, path)) return;
  if (n["trace"].IsDefined()) {
    r.check_keys(n, path, {"trace"});
    a.process = ArrivalSpec::Process::times;
    if (auto f = r.text(n, path, "trace")) {
      a.trace = beside_scenario(r, *f);
      a.times = read_trace_at(r, n["trace"], YamlReader::join(path, "trace"), a.trace, workflow);
    }
    return;
  }
  if (n["at"].IsDefined()) {
    r.check_keys(n, path, {"at"});
    a.process = ArrivalSpec::Process::times;
    YAML::Node at = n["at"];
    std::string ap = YamlReader::join(path, "at");
    if (!r.expect_sequence(at, ap)) return;
    for (size_t i = 0; i < at.size(); ++i)
      if (auto t = r.quantity_of(at[i], YamlReader::index(ap, i), Quantity::duration))
        a.times.push_back(*t);
    return;
  }
  r.check_keys(n, path, {"process", "rate", "count", "start"});
  r.choice(n, path, "process", {"poisson"}, true);
  a.process = ArrivalSpec::Process::poisson;
  auto rate = r.quantity(n, path, "rate", Quantity::rate, true);
  a.rate = rate.value_or(0);
  a.count = r.integer(n, path, "count", false, 1).value_or(0);
  a.start = r.quantity(n, path, "start", Quantity::duration).value_or(0);
  if (rate && a.rate <= 0) r.error(n["rate"], YamlReader::join(path, "rate"), "must be positive");
  // The stream's expected span must stay within the simulated durations the engine handles.
  const double span = a.rate > 0 ? a.start + static_cast<double>(a.count) / a.rate : 0;
  if (span > engine_range(Quantity::duration).max)
    r.error(n, path,
            fmt::format("{} arrivals at this rate span about {}, beyond what the simulator "
                        "handles ({})",
                        a.count, format_duration(span), engine_range(Quantity::duration).text));
}

}  // namespace

void read_workflows(YamlReader& r, const YAML::Node& wfs, Scenario& s) {
  // `workflows: {import: {format: ..., ...}}`: single-task requests from a trace.
  if (wfs.IsMap() && wfs["import"].IsDefined()) {
    r.check_keys(wfs, "workflows", {"import"});
    read_import(r, wfs["import"], "workflows.import", s, ImportPart::workload);
    return;
  }
  if (!r.expect_sequence(wfs, "workflows")) return;
  std::set<std::string> names;
  for (size_t i = 0; i < wfs.size(); ++i) {
    std::string path = YamlReader::index("workflows", i);
    const YAML::Node& n = wfs[i];
    if (!r.expect_map(n, path)) continue;
    r.check_keys(n, path, {"name", "arrival", "stages", "priority", "migration"});
    WorkflowSpec wf;
    wf.name = r.text(n, path, "name", true).value_or("");
    if (!wf.name.empty() && !names.insert(wf.name).second)
      r.error(n["name"], YamlReader::join(path, "name"),
              fmt::format("duplicate workflow name '{}'", wf.name));
    if (YAML::Node m = n["migration"]; m.IsDefined()) {
      std::string mp = YamlReader::join(path, "migration");
      if (r.expect_map(m, mp)) {
        r.check_keys(m, mp, {"dirty_intensity", "working_set"});
        if (auto v = r.number(m, mp, "dirty_intensity", false, 0, 1))
          wf.migration_dirty_intensity = *v;
        if (auto v = r.number(m, mp, "working_set", false, 0, 1)) wf.migration_working_set = *v;
      }
    }
    wf.priority =
        static_cast<int>(r.integer(n, path, "priority", false, -1000000, 1000000).value_or(0));
    if (n["arrival"].IsDefined())
      read_arrival(r, n["arrival"], YamlReader::join(path, "arrival"), wf.arrival, wf.name);
    else
      r.error(n, YamlReader::join(path, "arrival"),
              "is required ({at: [0s, 1h]}, {process: poisson, rate: 2/h, count: 10} or {trace: "
              "file.csv})");
    if (s.horizon == 0 && wf.arrival.process == ArrivalSpec::Process::poisson &&
        wf.arrival.count == 0)
      r.error(n["arrival"], YamlReader::join(path, "arrival.count"),
              "a Poisson arrival needs a count, or the scenario a horizon");
    std::string sp = YamlReader::join(path, "stages");
    YAML::Node stages = n["stages"];
    if (!stages.IsDefined()) {
      r.error(n, sp, "is required: at least one stage");
    } else if (r.expect_sequence(stages, sp)) {
      wf.stages.resize(stages.size());
      for (size_t j = 0; j < stages.size(); ++j)
        read_stage(r, stages[j], YamlReader::index(sp, j), s, wf.stages[j]);
      resolve_dag(r, stages, sp, wf);
    }
    s.workflows.push_back(std::move(wf));
  }
}

}  // namespace vgpusim::loader
