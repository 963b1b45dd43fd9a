#pragma once
// Outputs of live migration, events and energy cost (docs/migration.md, docs/energy.md).
#include <string>

#include "vgpusim/output/run_result.hpp"
#include "vgpusim/output/summary.hpp"

namespace vgpusim {

class JsonWriter;

/// migrations.csv: one row per live migration.
std::string migrations_csv(const RunResult& r);

/// placements.csv: one row per placement interval of a stage attempt (where it ran, from
/// when to when, why it ended).
std::string placements_csv(const RunResult& r);
std::string placements_csv_header();
/// The row of interval `iv` of stage attempt `s` (streamed as the interval ends).
std::string placement_row(const PlacementInterval& iv, const StageRecord& s);

/// events.csv: drains, failures, restores, power-offs and boots, in time order.
std::string events_csv(const RunResult& r);

/// summary.json's `migration` and `restarts` objects (written inside the top object).
void mobility_json(JsonWriter& w, const RunResult& r);

/// summary.json's `cost` object: GPU list price, software licence, energy, totals.
void cost_json(JsonWriter& w, const RunResult& r, const Summary& s);

}  // namespace vgpusim
