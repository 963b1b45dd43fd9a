#include "vgpusim/output/run_streams.hpp"

#include <stdexcept>

#include "vgpusim/output/mobility_output.hpp"
#include "vgpusim/output/run_outputs.hpp"

namespace vgpusim {

OrderedRows::OrderedRows(std::filesystem::path file, std::string_view header)
    : file_(std::move(file)) {
  file_.append(header);
}

size_t OrderedRows::open() {
  pending_.emplace_back();
  return written_ + pending_.size() - 1;
}

void OrderedRows::complete(size_t index, std::string text) {
  if (index < written_ || index - written_ >= pending_.size() || pending_[index - written_])
    throw std::logic_error("OrderedRows: a row completed twice or never opened");
  pending_[index - written_] = std::move(text);
  while (!pending_.empty() && pending_.front()) {
    file_.append(*pending_.front());
    pending_.pop_front();
    ++written_;
  }
}

void OrderedRows::commit() {
  if (!pending_.empty()) throw std::logic_error("OrderedRows: committed with rows still open");
  file_.commit();
}

RunStreams::RunStreams(const std::filesystem::path& dir, const std::vector<PoolRecord>& pools)
    : jobs(dir / "jobs.csv", jobs_csv_header()),
      stages(dir / "stages.csv", stages_csv_header()),
      placements(dir / "placements.csv", placements_csv_header()),
      timeline(dir / "timeline.csv", timeline_csv_header(pools)) {}

void RunStreams::commit() {
  jobs.commit();
  stages.commit();
  placements.commit();
  timeline.commit();
}

}  // namespace vgpusim
