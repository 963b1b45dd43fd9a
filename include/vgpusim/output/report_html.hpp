#pragma once
// report.html (SPEC 2.7): one self-contained page (inline SVG and CSS, no scripts, no
// network) drawn from a run's outputs. docs/outputs.md describes each chart. Engine-free.
#include <filesystem>
#include <string>

#include "vgpusim/output/report_data.hpp"

namespace vgpusim {

/// The CSS of vgpusim's pages (report.html, sweep.html), so that they look alike.
const char* report_stylesheet();

/// The whole page; deterministic for the same data.
std::string render_report_html(const ReportData& d);

/// Reads DIR's output files and writes DIR/report.html (atomically); what `vgpusim report`
/// does. Throws InputError when DIR lacks the files.
void rerender_report(const std::filesystem::path& dir);

}  // namespace vgpusim
