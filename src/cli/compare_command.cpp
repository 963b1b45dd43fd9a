#include "compare_command.hpp"

#include <functional>
#include <optional>
#include <ostream>

#include "vgpusim/compare/compare.hpp"
#include "vgpusim/compare/render.hpp"
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

}  // namespace

int compare_command(const CompareOptions& o, std::ostream& out, std::ostream& err) {
  using namespace compare;
  Diagnostics problems;
  const auto rules = gather<Rules>(
      problems, [&] { return o.rules.empty() ? default_rules() : load_rules(o.rules); });
  const auto baseline = gather<SummaryFile>(problems, [&] { return load_summary(o.baseline); });
  const auto candidate = gather<SummaryFile>(problems, [&] { return load_summary(o.candidate); });
  if (!problems.empty()) throw InputError(std::move(problems));

  const Comparison c = evaluate(*baseline, *candidate, *rules);
  for (const auto& w : c.warnings) err << "vgpusim compare: warning: " << w << "\n";
  out << render_table(c);
  write_report(o.junit, render_junit(c));
  write_report(o.markdown, render_markdown(c));
  return c.regressed() ? 1 : 0;
}

}  // namespace vgpusim::cli
