#include "compare_command.hpp"

#include <functional>
#include <optional>
#include <ostream>

#include "vgpusim/compare/compare.hpp"
#include "vgpusim/compare/render.hpp"
#include "vgpusim/compare/sweep_compare.hpp"
#include "vgpusim/util/atomic_file.hpp"
#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim::cli {
namespace {

/// Runs one loading step, keeping its problems so that all inputs are checked before the
/// user is told: a bad rules file and a missing candidate show up in one go.
template <typename T>
std::optional<T> gather(Diagnostics& all, const std::function<T()>& load) {
  try {
    return load();
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics().items()) all.add(d);
    return std::nullopt;
  }
}

void write_report(const std::string& file, const std::string& content) {
  if (file.empty()) return;
  try {
    write_file_atomically(file, content);
  } catch (const std::runtime_error& e) {
    Diagnostics d;
    d.add(Diagnostic{file, 0, 0, "", e.what()});
    throw InputError(std::move(d));
  }
}

int report(const compare::Comparison& c, const CompareOptions& o, std::ostream& out,
           std::ostream& err) {
  for (const auto& w : c.warnings) err << "vgpusim compare: warning: " << w << "\n";
  out << compare::render_table(c);
  write_report(o.junit, compare::render_junit(c));
  write_report(o.markdown, compare::render_markdown(c));
  return c.regressed() ? 1 : 0;
}

}  // namespace

int compare_command(const CompareOptions& o, std::ostream& out, std::ostream& err) {
  using namespace compare;
  Diagnostics problems;
  const auto rules = gather<Rules>(
      problems, [&] { return o.rules.empty() ? default_rules() : load_rules(o.rules); });
  const bool sweeps = is_sweep(o.baseline);
  if (sweeps != is_sweep(o.candidate))
    problems.add(Diagnostic{sweeps ? o.candidate : o.baseline, 0, 0, "",
                            "compare two runs or two sweeps, not one of each"});
  if (sweeps && problems.empty()) {
    const Comparison c = compare_sweeps(o.baseline, o.candidate, *rules);
    return report(c, o, out, err);
  }
  const auto baseline = gather<SummaryFile>(problems, [&] { return load_summary(o.baseline); });
  const auto candidate = gather<SummaryFile>(problems, [&] { return load_summary(o.candidate); });
  if (!problems.empty()) throw InputError(std::move(problems));

  return report(evaluate(*baseline, *candidate, *rules), o, out, err);
}

}  // namespace vgpusim::cli
