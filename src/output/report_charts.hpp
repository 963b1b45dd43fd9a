#pragma once
// The charts of report.html, one function per section, each returning HTML with inline SVG
// (empty when the run has nothing to show there). Internal to src/output/.
#include <string>

#include "vgpusim/output/report_data.hpp"
#include "vgpusim/output/svg_chart.hpp"

namespace vgpusim::report {

std::string allocation_section(const ReportData& d);
std::string packing_section(const ReportData& d);
std::string queue_section(const ReportData& d);
std::string jct_section(const ReportData& d);
std::string occupancy_section(const ReportData& d);
std::string services_section(const ReportData& d);  // report_services.cpp
std::string energy_section(const ReportData& d);
std::string events_section(const ReportData& d);
std::string waiting_section(const ReportData& d);  // report_waiting.cpp

/// Cluster events as vertical lines on a time axis in units of `unit_seconds` (events
/// closer than 1/1000 of `span` drawn once), and the sentence telling their colours apart.
std::vector<svg::TimeMark> event_marks(const ReportData& d, double span, double unit_seconds);
std::string events_legend(const ReportData& d);

/// A report section: its title, a note (HTML) under it and the body (HTML).
std::string section(const std::string& title, const std::string& note, const std::string& body);
/// "12.5 %" of a fraction.
std::string percent(double fraction);
/// A duration as people write it ("2h 03m"); "0 s" for zero, "-" for none (negative).
std::string duration(double seconds);

}  // namespace vgpusim::report
