// The placement decisions part of the RunRecorder (decisions.csv, docs/outputs.md).
#include <fmt/format.h>

#include <algorithm>

#include "vgpusim/output/run_recorder.hpp"

namespace vgpusim {

const char* to_string(AttemptOutcome o) {
  switch (o) {
    case AttemptOutcome::queued:
      return "queued";
    case AttemptOutcome::placed:
      return "placed";
    case AttemptOutcome::waited:
      return "waited";
    case AttemptOutcome::held_for_head:
      return "held_for_head";
    case AttemptOutcome::over_quota:
      return "over_quota";
    case AttemptOutcome::rejected:
      return "rejected";
    case AttemptOutcome::invalid:
      return "invalid";
  }
  return "?";
}

std::string wait_reason(const DecisionRow& d) {
  if (d.outcome != AttemptOutcome::waited) return to_string(d.outcome);
  // The pool that came closest speaks for the attempt: a pool that fits means the policy
  // chose to wait; otherwise the refusal furthest through the checks.
  const PoolRefusal* closest = nullptr;
  for (const PoolRefusal& p : d.pools)
    if (!closest || p.kind > closest->kind) closest = &p;
  if (!closest) return "waited";
  if (closest->kind == RefusalKind::fits) return "policy_waits";
  if (closest->kind == RefusalKind::no_fitting_gpus)
    return fmt::format("no_fitting_gpus:{}", closest->rule);
  return to_string(closest->kind);
}

std::string describe_wait_reason(const std::string& key) {
  static const std::pair<const char*, const char*> kText[] = {
      {"queued", "not offered: behind a queue head that waits"},
      {"held_for_head", "placeable, held back by the head's backfill reservation"},
      {"over_quota", "its virtual cluster's GPU quota was full"},
      {"policy_waits", "a server could host it; the policy chose to wait"},
      {"not_accepting", "every server drained, failed or off"},
      {"cpu", "no server with enough free vCPUs"},
      {"memory", "no server with enough free memory"},
      {"pool_cannot_host", "no pool could host it even empty"},
      {"waited", "the policy waited"},
  };
  for (const auto& [k, text] : kText)
    if (key == k) return text;
  if (key.rfind("no_fitting_gpus:", 0) == 0)
    return fmt::format("no server with enough GPUs where the slice fits ({})", key.substr(16));
  return key;
}

void RunRecorder::placement_attempt(StageRef s, double now, DecisionRow row) {
  if (auto it = last_decision_.find(s); it != last_decision_.end()) {
    DecisionRow& last = r_.decisions[it->second];
    if (last.outcome == row.outcome && last.pools == row.pools) {
      last.last = now;
      ++last.attempts;
      return;
    }
  }
  row.stage = s;
  row.first = row.last = now;
  row.attempts = 1;
  last_decision_[s] = r_.decisions.size();
  r_.decisions.push_back(std::move(row));
}

void RunRecorder::close_decisions(double end_time) {
  auto& rows = r_.decisions;
  // Rows are in time order: a row waits until the next row of its stage.
  std::map<StageRef, size_t> prev;
  std::vector<DecisionRow> queued;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto [it, first] = prev.try_emplace(rows[i].stage, i);
    if (first) {
      const StageRecord& st = r_.stages[rows[i].stage];
      if (rows[i].first > st.submit) {  // it waited before it was first offered
        DecisionRow q = rows[i];
        q.first = q.last = st.submit;
        q.attempts = 0;
        q.outcome = AttemptOutcome::queued;
        q.candidates.clear();
        q.pools.clear();
        q.waited = rows[i].first - st.submit;
        queued.push_back(std::move(q));
      }
    } else {
      rows[it->second].waited = rows[i].first - rows[it->second].first;
      it->second = i;
    }
  }
  for (const auto& [s, i] : prev) {  // the last row of each stage
    DecisionRow& d = rows[i];
    const StageRecord& st = r_.stages[s];
    const bool settled = d.outcome == AttemptOutcome::placed ||
                         d.outcome == AttemptOutcome::rejected ||
                         d.outcome == AttemptOutcome::invalid;
    const double until = st.start >= 0 ? st.start : st.end >= 0 ? st.end : end_time;
    d.waited = settled ? 0 : std::max(0.0, until - d.first);
  }
  rows.insert(rows.end(), std::make_move_iterator(queued.begin()),
              std::make_move_iterator(queued.end()));
  std::stable_sort(rows.begin(), rows.end(), [](const DecisionRow& a, const DecisionRow& b) {
    return a.stage != b.stage ? a.stage < b.stage : a.first < b.first;
  });
}

}  // namespace vgpusim
