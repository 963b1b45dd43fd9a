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
  std::vector<size_t>& rows = decision_rows_[s];
  if (!rows.empty()) {
    DecisionRow& last = r_.decisions[rows.back()];
    if (last.outcome == row.outcome && last.pools == row.pools) {
      last.last = now;
      ++last.attempts;
      return;
    }
  }
  const StageRecord& rec = live(s).rec;
  row.ref = s;
  row.job = rec.job;
  row.workflow = rec.workflow;
  row.stage = rec.stage;
  row.attempt = rec.attempt;
  row.first = row.last = now;
  row.attempts = 1;
  rows.push_back(r_.decisions.size());
  r_.decisions.push_back(std::move(row));
}

void RunRecorder::close_decisions(StageRef s, const StageRecord& rec, double run_end) {
  auto it = decision_rows_.find(s);
  if (it == decision_rows_.end()) return;
  const std::vector<size_t> rows = std::move(it->second);
  decision_rows_.erase(it);
  // Each row waits until the next row of its stage; the last until the stage was placed
  // or refused (0 when it was the placement or the refusal), or until the run ended.
  for (size_t k = 0; k + 1 < rows.size(); ++k)
    r_.decisions[rows[k]].waited = r_.decisions[rows[k + 1]].first - r_.decisions[rows[k]].first;
  DecisionRow& last = r_.decisions[rows.back()];
  const bool settled = last.outcome == AttemptOutcome::placed ||
                       last.outcome == AttemptOutcome::rejected ||
                       last.outcome == AttemptOutcome::invalid;
  const double until = rec.start >= 0 ? rec.start : rec.end >= 0 ? rec.end : run_end;
  last.waited = settled ? 0 : std::max(0.0, until - last.first);
  const DecisionRow& first = r_.decisions[rows.front()];
  if (first.first > rec.submit) {  // it waited before it was first offered
    DecisionRow q = first;
    q.first = q.last = rec.submit;
    q.attempts = 0;
    q.outcome = AttemptOutcome::queued;
    q.candidates.clear();
    q.pools.clear();
    q.waited = first.first - rec.submit;
    r_.decisions.push_back(std::move(q));
  }
}

void sort_decisions(std::vector<DecisionRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const DecisionRow& a, const DecisionRow& b) {
    return a.ref != b.ref ? a.ref < b.ref : a.first < b.first;
  });
}

}  // namespace vgpusim
