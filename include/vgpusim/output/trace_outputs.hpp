#pragma once
// summary.json's `trace` object for a replayed job trace (docs/traces.md, docs/outputs.md).
#include "vgpusim/output/run_result.hpp"

namespace vgpusim {

class JsonWriter;

/// `trace`: rows read and left out, jobs by how they ended in the trace, and per virtual
/// cluster its quota, jobs, queueing delay and JCT.
void trace_json(JsonWriter& w, const RunResult& r);

}  // namespace vgpusim
