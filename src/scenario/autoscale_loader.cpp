// `replicas:` of a stage: a count, or for an LLM serve stage the autoscaler's map
// (AutoscaleSpec, docs/serving.md "Autoscaling").
#include <fmt/format.h>

#include "loader_parts.hpp"
#include "vgpusim/workload/autoscaler.hpp"
#include "vgpusim/workload/llm_params.hpp"

namespace vgpusim::loader {

void read_replicas(YamlReader& r, const YAML::Node& n, const std::string& path, StageSpec& st) {
  const YAML::Node v = n["replicas"];
  if (!v.IsDefined()) return;
  if (!v.IsMap()) {
    if (auto k = r.integer(n, path, "replicas", false, 1, 100000)) st.replicas = static_cast<int>(*k);
    return;
  }
  const std::string p = YamlReader::join(path, "replicas");
  if (st.kind != "serve" || !serves_llm(st.params)) {
    r.error(v, p,
            "a map of replicas (autoscaling) needs an LLM serve stage (kind: serve with model:); "
            "give a count otherwise");
    return;
  }
  r.check_keys(v, p, {"min", "max", "target", "interval", "scale_down_after"});
  AutoscaleSpec a;
  if (auto k = r.integer(v, p, "min", false, 1, 100000)) a.min = static_cast<int>(*k);
  a.max = a.min;
  if (auto k = r.integer(v, p, "max", true, 1, 100000)) a.max = static_cast<int>(*k);
  if (a.max < a.min)
    r.error(v["max"], YamlReader::join(p, "max"),
            fmt::format("{} is below min ({}); allowed: min <= max", a.max, a.min));
  if (auto t = r.quantity(v, p, "interval", Quantity::duration)) {
    if (*t > 0)
      a.interval_s = *t;
    else
      r.error(v["interval"], YamlReader::join(p, "interval"), "must be above 0 s");
  }
  if (auto t = r.quantity(v, p, "scale_down_after", Quantity::duration)) a.scale_down_after_s = *t;
  const std::string tp = YamlReader::join(p, "target");
  const YAML::Node t = v["target"];
  if (!t.IsDefined()) {
    r.error(v, tp, "missing: the autoscaler's target, {queue: N} (requests waiting per replica) "
                   "or {ttft: DURATION}");
  } else if (r.expect_map(t, tp)) {
    r.check_keys(t, tp, {"queue", "ttft"});
    if (auto q = r.number(t, tp, "queue", false, 1e-9)) a.target_queue = *q;
    if (auto d = r.quantity(t, tp, "ttft", Quantity::duration)) {
      if (*d > 0)
        a.target_ttft_s = *d;
      else
        r.error(t["ttft"], YamlReader::join(tp, "ttft"), "must be above 0 s");
    }
    if (!t["queue"].IsDefined() && !t["ttft"].IsDefined())
      r.error(t, tp, "needs queue (requests waiting per replica) or ttft (a duration)");
  }
  st.replicas = a.min;
  st.autoscale = a;
}

}  // namespace vgpusim::loader
