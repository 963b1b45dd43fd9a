#pragma once
// Writes a run's output directory (SPEC 2.7); every file atomically.
#include <filesystem>
#include <string>

#include "vgpusim/output/run_result.hpp"
#include "vgpusim/output/summary.hpp"
#include "vgpusim/scenario/scenario.hpp"  // OutputSpec

namespace vgpusim {

std::string jobs_csv(const RunResult& r);
std::string stages_csv(const RunResult& r);
std::string gpus_csv(const RunResult& r);
std::string timeline_csv(const RunResult& r);

// The header and one row of the tables the recorder streams while a run goes
// (run_streams.hpp); the functions above are the header and every record's row.
std::string jobs_csv_header();
std::string job_row(const JobRecord& j);
std::string stages_csv_header();
std::string stage_row(const StageRecord& s);
std::string timeline_csv_header(const std::vector<PoolRecord>& pools);
std::string timeline_row(const TimelinePoint& p, const std::vector<PoolRecord>& pools,
                         int64_t total_gpus);
/// Imported task streams: mean allocated % per arrived % (0..130) over the arrivals.
std::string allocation_curve_csv(const RunResult& r);

/// Writes summary.json and the CSV tables into `dir` (created if needed), and report.html
/// and trace.json as `outputs` asks.
void write_run_outputs(const std::filesystem::path& dir, const RunResult& r, const Summary& s,
                       const OutputSpec& outputs = {});

}  // namespace vgpusim
