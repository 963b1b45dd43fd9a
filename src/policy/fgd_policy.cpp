// fgd: Fragmentation Gradient Descent (Weng et al., ATC'23), scored exactly as
// ../shared/reference/fgd-experiment.md describes; see docs/policies.md.
//
// Speed: a decision scores every server, and F costs O(types x GPUs). Servers whose
// (model, free CPU, sorted free milli) agree have the same F and the same score for a
// task type (most of a datacenter is identical), so results are memoised by that
// signature and task type; a server's signature is recomputed only when the cluster
// changed the server since the last decision (ServerState::version). Pools that are not `shared`,
// or demands that are not milli-GPU, take the direct (unmemoised) path through the slicing rules.
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

#include "vgpusim/policy/fgd.hpp"
#include "vgpusim/policy/fgd_workload.hpp"
#include "vgpusim/policy/fit.hpp"
#include "vgpusim/policy/random_draw.hpp"
#include "vgpusim/policy/scored_policy.hpp"

namespace vgpusim {

double fgd_type_fragment(const TaskType& m, bool model_allowed, int64_t cpu_free,
                         const std::vector<int>& gpu_free) {
  int64_t g_all = 0, frag = 0;
  int fit = 0;
  for (int g : gpu_free) {
    g_all += g;
    if (g >= m.gpu_milli)
      ++fit;
    else
      frag += g;
  }
  if (m.cpu_only() || !model_allowed) return static_cast<double>(g_all);
  return static_cast<double>(fit >= m.num_gpu && cpu_free >= m.cpu_milli ? frag : g_all);
}

double fgd_fragment(const TargetWorkload& w, const GpuModel* model, int64_t cpu_free,
                    const std::vector<int>& gpu_free) {
  double f = 0;
  for (const auto& m : w.types)
    f +=
        m.popularity * fgd_type_fragment(m, model_allowed(model, m.gpu_models), cpu_free, gpu_free);
  return f;
}

int fgd_score(double f_before, double f_after) {
  const double x = (f_before - f_after) / 1000.0;
  return static_cast<int>(std::floor(100.0 / (1.0 + std::exp(-x))));
}

namespace {

class FgdPolicy : public PlacementPolicy {
 public:
  explicit FgdPolicy(const PolicyContext& ctx)
      : work_(ctx.workload), learn_every_(ctx.param_int("learn_every", 0)), seed_(ctx.seed) {}

  Decision place(const Request& r, const ClusterView& view) override;

 private:
  struct Result {
    int score = -2;         // -2 not computed, -1 does not fit
    uint64_t win_mask = 0;  // sorted positions whose GPU gives the best score
  };
  struct Entry {
    std::vector<int> sorted;
    double f = 0;
    std::vector<Result> by_type;
  };
  struct ServerCache {
    bool valid = false;
    uint64_t version = 0;
    int64_t cpu = 0;
    Entry* entry = nullptr;
  };

  int model_id(const GpuModel* m);
  int request_type(const Request& r, const Catalog& catalog);
  Result compute(const Entry& e, int model, int64_t cpu, int t) const;
  std::optional<Placement> choose_fast(const ClusterState& c, const Request& r, int s);
  // Direct path for non-shared pools: score and placement, nullopt when it does not fit.
  std::optional<std::pair<int, Placement>> direct(const ClusterState& c, const Request& r, int s);
  void reset_memo();

  FgdWorkload work_;
  int64_t learn_every_;
  uint64_t seed_;
  std::vector<int> rank_;
  std::vector<ServerCache> cache_;
  std::unordered_map<std::string, std::unique_ptr<Entry>> memo_;
  std::map<const GpuModel*, int> model_ids_;
  std::vector<const GpuModel*> models_;
  std::vector<std::vector<char>> allowed_;  // [model][workload type]
  struct ReqType {
    int64_t cpu;
    int milli, num;
    bool whole;
  };
  std::map<std::tuple<int64_t, int, int, std::vector<std::string>>, int> req_ids_;
  std::vector<ReqType> req_types_;
  std::vector<int> tmp2_;
  std::string key_;
  int cur_type_ = 0;
  int last_score_ = -1;
};

int FgdPolicy::model_id(const GpuModel* m) {
  auto [it, fresh] = model_ids_.emplace(m, static_cast<int>(models_.size()));
  if (fresh) {
    models_.push_back(m);
    std::vector<char> a;
    for (const auto& t : work_.types()) a.push_back(model_allowed(m, t.gpu_models) ? 1 : 0);
    allowed_.push_back(std::move(a));
  }
  return it->second;
}

int FgdPolicy::request_type(const Request& r, const Catalog& catalog) {
  const int milli = fit::unit_milli(r.gpu, catalog), num = r.gpu.gpus_needed();
  auto [it, fresh] = req_ids_.emplace(std::make_tuple(r.cpu_milli, milli, num, r.gpu.gpu_models),
                                      static_cast<int>(req_types_.size()));
  if (fresh) req_types_.push_back({r.cpu_milli, milli, num, num > 1 || milli >= 1000});
  return it->second;
}

void FgdPolicy::reset_memo() {
  memo_.clear();
  for (auto& sc : cache_) sc.valid = false, sc.entry = nullptr;
  model_ids_.clear();
  models_.clear();
  allowed_.clear();
}

FgdPolicy::Result FgdPolicy::compute(const Entry& e, int model, int64_t cpu, int t) const {
  const ReqType& q = req_types_[static_cast<size_t>(t)];
  const auto& allowed = allowed_[static_cast<size_t>(model)];
  Result res;
  res.score = -1;
  if (q.num == 0) {
    res.score = fgd_score(e.f, work_.fragment(allowed, cpu - q.cpu, e.sorted));
    return res;
  }
  std::vector<int> after = e.sorted;
  if (q.whole) {  // k GPUs with at least `milli` free; which ones does not change F
    int taken = 0;
    for (size_t i = after.size(); i-- > 0 && taken < q.num;)
      if (after[i] >= q.milli) after[i] -= q.milli, ++taken;
    if (taken < q.num) return res;
    res.score = fgd_score(e.f, work_.fragment(allowed, cpu - q.cpu, after));
    return res;
  }
  for (size_t i = 0; i < e.sorted.size(); ++i) {
    if (e.sorted[i] < q.milli) continue;
    if (i > 0 && e.sorted[i] == e.sorted[i - 1]) {  // same value, same score
      if (res.win_mask >> (i - 1) & 1) res.win_mask |= uint64_t{1} << i;
      continue;
    }
    after[i] -= q.milli;
    const int sc = fgd_score(e.f, work_.fragment(allowed, cpu - q.cpu, after));
    after[i] += q.milli;
    if (sc > res.score) res.score = sc, res.win_mask = 0;
    if (sc == res.score) res.win_mask |= uint64_t{1} << i;
  }
  return res;
}

Decision FgdPolicy::place(const Request& r, const ClusterView& view) {
  const ClusterState& c = view.cluster;
  const int n = static_cast<int>(c.servers().size());
  if (static_cast<int>(rank_.size()) != n) {
    rank_ = seeded_ranks(n, seed_);
    cache_.assign(static_cast<size_t>(n), ServerCache{});
  }
  if (work_.learn(r, learn_every_, c.catalog())) reset_memo();
  const int t = request_type(r, c.catalog());
  cur_type_ = t;
  const bool milli_demand =
      r.gpu.kind == GpuDemand::Kind::milli || r.gpu.kind == GpuDemand::Kind::none;
  int best = -1, best_score = -1;
  std::optional<Placement> best_direct;
  for (int s = 0; s < n; ++s) {
    if (!fit::server_admits(c, r, s)) continue;
    const ServerState& sv = c.server(s);
    const auto& pool = c.pools()[static_cast<size_t>(sv.pool)];
    const bool fast = milli_demand && pool.slicing.mode == SliceMode::shared &&
                      sv.gpus.size() <= 64 && !(r.gpu.count > 1 && r.gpu.milli < 1000);
    int sc = -1;
    if (fast) {
      ServerCache& cs = cache_[static_cast<size_t>(s)];
      if (!cs.valid || cs.version != sv.version) {
        cs.valid = true, cs.version = sv.version, cs.cpu = sv.cpu_free();
        tmp2_.clear();
        for (int g : sv.gpus) tmp2_.push_back(fit::free_milli(c, g));
        std::sort(tmp2_.begin(), tmp2_.end());
        const int model = model_id(pool.model);
        key_.assign(reinterpret_cast<const char*>(&model), sizeof model);
        key_.append(reinterpret_cast<const char*>(&cs.cpu), sizeof cs.cpu);
        key_.append(reinterpret_cast<const char*>(tmp2_.data()), tmp2_.size() * sizeof(int));
        auto& slot = memo_[key_];
        if (!slot) {
          slot = std::make_unique<Entry>();
          slot->sorted = tmp2_;
          slot->f = work_.fragment(allowed_[static_cast<size_t>(model)], cs.cpu, tmp2_);
        }
        cs.entry = slot.get();
      }
      Entry& e = *cs.entry;
      if (e.by_type.size() <= static_cast<size_t>(t)) e.by_type.resize(static_cast<size_t>(t) + 1);
      Result& res = e.by_type[static_cast<size_t>(t)];
      if (res.score == -2) res = compute(e, model_id(pool.model), cs.cpu, t);
      sc = res.score;
    } else if (auto d = direct(c, r, s)) {
      sc = d->first;
      if (sc > best_score ||
          (sc == best_score && rank_[static_cast<size_t>(s)] < rank_[static_cast<size_t>(best)]))
        best_direct = std::move(d->second);
    }
    if (sc < 0) continue;
    if (sc > best_score ||
        (sc == best_score && rank_[static_cast<size_t>(s)] < rank_[static_cast<size_t>(best)])) {
      best = s, best_score = sc;
      if (fast) best_direct.reset();
    }
  }
  if (best < 0) return WaitDecision{};
  last_score_ = best_score;
  auto p = best_direct ? std::move(best_direct) : choose_fast(c, r, best);
  if (!p) return WaitDecision{};
  return PlaceDecision{std::move(*p)};
}

std::optional<Placement> FgdPolicy::choose_fast(const ClusterState& c, const Request& r, int s) {
  const ServerState& sv = c.server(s);
  Placement p;
  p.server = s;
  const int need = r.gpu.gpus_needed();
  if (need == 0) return p;
  const ReqType& q = req_types_[static_cast<size_t>(cur_type_)];
  if (q.whole) {  // the lowest-index GPUs that fit
    for (int g : sv.gpus)
      if (static_cast<int>(p.slots.size()) < need && fit::free_milli(c, g) >= q.milli)
        p.slots.push_back({g, 0});
    if (static_cast<int>(p.slots.size()) < need) return std::nullopt;
    return p;
  }
  const Entry& e = *cache_[static_cast<size_t>(s)].entry;
  const uint64_t mask = e.by_type[static_cast<size_t>(cur_type_)].win_mask;
  for (int g : sv.gpus) {  // the lowest-index GPU among those with the best score
    const int f = fit::free_milli(c, g);
    const auto pos = std::lower_bound(e.sorted.begin(), e.sorted.end(), f) - e.sorted.begin();
    if (f >= q.milli && (mask >> pos & 1)) {
      p.slots.push_back({g, 0});
      return p;
    }
  }
  return std::nullopt;
}

std::optional<std::pair<int, Placement>> FgdPolicy::direct(const ClusterState& c, const Request& r,
                                                           int s) {
  const ServerState& sv = c.server(s);
  const int need = r.gpu.gpus_needed();
  auto fits = fit::fitting_gpus(c, r, s);
  if (static_cast<int>(fits.size()) < need) return std::nullopt;
  const auto& allowed =
      allowed_[static_cast<size_t>(model_id(c.pools()[static_cast<size_t>(sv.pool)].model))];
  std::vector<int> before;
  for (int g : sv.gpus) before.push_back(fit::free_milli(c, g));
  const double f0 = work_.fragment(allowed, sv.cpu_free(), before);
  const int64_t cpu_after = sv.cpu_free() - r.cpu_milli;
  auto unit_on = [&](int g) {
    const int u = c.unit_milli(r.gpu, g);
    return u >= 0 ? u : fit::unit_milli(r.gpu, c.catalog());
  };
  std::pair<int, Placement> out{-1, Placement{s, {}}};
  if (need == 0) {
    out.first = fgd_score(f0, work_.fragment(allowed, cpu_after, before));
    return out;
  }
  if (need > 1) {  // lowest-index fitting GPUs
    std::vector<int> after = before;
    for (int i = 0; i < need; ++i) {
      const fit::FitGpu& f = fits[static_cast<size_t>(i)];
      after[static_cast<size_t>(c.gpu(f.gpu).local)] -= unit_on(f.gpu);
      out.second.slots.push_back({f.gpu, f.offset});
    }
    out.first = fgd_score(f0, work_.fragment(allowed, cpu_after, after));
    return out;
  }
  for (const fit::FitGpu& f : fits) {  // each fitting GPU; the lowest index wins ties
    std::vector<int> after = before;
    after[static_cast<size_t>(c.gpu(f.gpu).local)] -= unit_on(f.gpu);
    const int sc = fgd_score(f0, work_.fragment(allowed, cpu_after, after));
    if (sc > out.first) out.first = sc, out.second.slots = {{f.gpu, f.offset}};
  }
  return out;
}

}  // namespace

void register_fgd_policy(PolicyRegistry& reg) {
  reg.add({"fgd",
           "Fragmentation Gradient Descent (Weng et al., ATC'23): least growth of the expected "
           "fragmentation of the target workload; ties by a seeded server permutation",
           {{"learn_every", ParamType::integer, "0", false,
             "without a target workload from the trace, refresh the learnt type popularity "
             "every N requests (0: whenever the number of requests seen doubles)",
             {}, 0, 1e9, "requests"}},
           [](const PolicyContext& ctx) { return std::make_unique<FgdPolicy>(ctx); }});
}

}  // namespace vgpusim
