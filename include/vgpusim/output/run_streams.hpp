#pragma once
// The CSV tables a run writes while it goes (docs/architecture.md, "Recording a run"):
// stages.csv, jobs.csv, placements.csv and timeline.csv get each row as soon as its record
// is final, so that a run's memory grows with what runs at once, not with what has run.
// Each file is written atomically: to its temporary file, renamed by commit() once the run
// is over (write_run_outputs). Engine-free.
#include <cstddef>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vgpusim/output/run_result.hpp"
#include "vgpusim/util/atomic_file.hpp"

namespace vgpusim {

/// The rows of one table, in the order they were opened (a stage attempt's submission, a
/// job's creation, an interval's start), written as soon as every row before them is
/// complete: the files keep the order of the tables built from every record, while a row
/// that completes early waits, as text, only for the rows before it still open.
class OrderedRows {
 public:
  OrderedRows(std::filesystem::path file, std::string_view header);
  /// A new row, the last of the table; returns its index (0, 1, ...).
  size_t open();
  /// Row `index`'s text (a whole line); written with the complete rows that follow it.
  void complete(size_t index, std::string text);
  /// Renames the file into place; every row opened must be complete.
  void commit();
  /// Rows opened and not yet written (open ones and the complete ones behind them).
  size_t held() const { return pending_.size(); }
  const std::filesystem::path& path() const { return file_.path(); }

 private:
  AtomicFileWriter file_;
  std::deque<std::optional<std::string>> pending_;  // rows written_ .. written_ + size - 1
  size_t written_ = 0;
};

/// The four streamed tables of one run's output folder.
struct RunStreams {
  RunStreams(const std::filesystem::path& dir, const std::vector<PoolRecord>& pools);
  OrderedRows jobs, stages, placements, timeline;
  void commit();
};

}  // namespace vgpusim
