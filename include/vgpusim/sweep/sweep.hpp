#pragma once
// Sweeps (SPEC 5): a base scenario, a grid of overrides and a list of seeds, expanded into
// runs that worker processes execute one `vgpusim run` each; their summaries merge into
// one table. Engine-free: loading, expansion, sharding and merging; the CLI spawns the runs.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace vgpusim {

/// One varied key and the values it takes, each as YAML text (`8`, `fgd`, `{model: L4}`)
/// ready for `--set key=value`.
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
  int line = 0;    // of the key in the sweep file, for messages
  int column = 0;  // 1-based; 0 when unknown
};

/// One named set of overrides (`cases:`), applied together at a point: for options that
/// differ in several keys at once (a pool and the slice a stage asks of it). The cases
/// form the grid's first axis, named `case` (kSweepCaseKey), its values the case names.
struct SweepCase {
  std::string name;
  std::vector<std::string> sets;           // "key=value", in file order
  std::vector<std::pair<int, int>> at;     // line, column of each key, for messages
};
inline constexpr const char* kSweepCaseKey = "case";

struct SweepSpec {
  std::string file;  // the sweep file
  std::string name;
  std::string scenario;              // resolved against the sweep file's directory
  std::vector<std::string> fixed;    // `set:` "key=value" applied at every point, before vary
  std::vector<std::pair<int, int>> fixed_at;  // line, column of each `set:` key, for messages
  std::vector<SweepAxis> vary;       // in file order (`case` first); the grid is their product
  std::vector<SweepCase> cases;      // `cases:`; vary[0] is then their axis
  std::vector<uint64_t> seeds;       // empty: the scenario's own seed
  std::vector<std::string> metrics;  // summary.json key paths for the tables; empty: defaults
};

/// Throws InputError with every problem of the file, located.
SweepSpec load_sweep(const std::string& path);

/// One cell of the grid.
struct SweepPoint {
  int index = 0;
  std::string id;                                           // "p003"
  std::vector<std::pair<std::string, std::string>> values;  // key, YAML text, in vary order
  std::vector<std::string> sets() const;                    // "key=value" for --set
};

/// One run: a point at a seed.
struct SweepRun {
  int index = 0;  // in expansion order: points outer, seeds inner
  int point = 0;  // index into SweepPlan::points
  bool has_seed = false;
  uint64_t seed = 0;
  std::string dir;  // relative to the sweep's output directory: "runs/p003-s2"
};

struct SweepPlan {
  std::vector<SweepPoint> points;
  std::vector<SweepRun> runs;
  std::vector<std::string> fixed;  // the spec's `set:`
  std::vector<SweepCase> cases;    // the spec's `cases:`
  /// Every `--set` of a point's runs: the fixed ones, then its case's, then the point's
  /// other values.
  std::vector<std::string> sets_of(const SweepPoint& p) const;
};
/// The grid's points (first axis varies slowest) times the seeds.
SweepPlan expand_sweep(const SweepSpec& s);

/// `--shard I/N` (1 <= I <= N): this shard runs the runs whose index % N == I - 1.
struct Shard {
  int index = 1, count = 1;
  bool contains(const SweepRun& r) const { return r.index % count == index - 1; }
};
/// Parses "I/N"; throws InputError naming the flag and what is allowed.
Shard parse_shard(const std::string& text);

/// The runs' figures gathered: per run the numbers of its summary.json (nothing when the
/// run is missing: another shard's, or not run yet), and per point their mean, min and max
/// over the seeds present.
struct SweepTable {
  std::vector<std::string> metrics;  // columns: the spec's, or the defaults present somewhere
  std::vector<std::map<std::string, double>> runs;  // by run index; empty = missing
  struct Stat {
    int n = 0;
    double mean = 0, min = 0, max = 0;
  };
  std::vector<std::map<std::string, Stat>> points;  // by point index
  int runs_present = 0;
};
SweepTable tabulate_sweep(const SweepSpec& spec, const SweepPlan& plan,
                          std::vector<std::map<std::string, double>> run_numbers);

/// sweep's output files, from the table: one row per run, one row per point, everything.
std::string sweep_runs_csv(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t);
std::string sweep_points_csv(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t);
std::string sweep_json(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t);
/// A self-contained page comparing the points (sweep_html.cpp).
std::string sweep_html(const SweepSpec& spec, const SweepPlan& plan, const SweepTable& t);

/// The summary.json figures the tables show by default (those present in some run).
const std::vector<std::string>& default_sweep_metrics();

/// Every numeric leaf of a summary.json as "a.b.c" -> value; list elements as "a[0].b".
/// Throws InputError naming `file` when the text is not a JSON object.
std::map<std::string, double> summary_numbers(const std::string& text, const std::string& file);

}  // namespace vgpusim
