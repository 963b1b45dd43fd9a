#include "vgpusim/util/simgrid_settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

#include "vgpusim/util/diagnostics.hpp"

namespace vgpusim {
namespace {

std::vector<std::string> words(const std::string& value) {
  std::istringstream in(value);
  std::vector<std::string> r;
  for (std::string w; in >> w;) r.push_back(w);
  return r;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// did_you_mean, or the candidate that the word begins (warn -> warning).
std::string suggestion(const std::string& word, const std::vector<std::string>& candidates) {
  if (std::string g = did_you_mean(word, candidates); !g.empty()) return g;
  for (const auto& c : candidates)
    if (!word.empty() && c.size() > word.size() && c.compare(0, word.size(), word) == 0) return c;
  return {};
}

std::string joined(const std::vector<std::string>& v) {
  std::string r;
  for (const auto& x : v) r += (r.empty() ? "" : ", ") + x;
  return r;
}

// What SimGrid does not check when it reads a setting and that crashed, aborted or hung a
// vgpusim run (each tried on the quickstart with SimGrid 3.32).
struct IntRange {
  long min;
  const char* why;
};
const std::map<std::string, IntRange>& int_ranges() {
  static const std::map<std::string, IntRange> r{
      {"contexts/stack-size", {kMinStackKiB, "KiB (1 to 4 KiB crash the simulation)"}},
      {"contexts/guard-size", {0, "pages"}},
      {"contexts/nthreads", {1, "threads"}},
  };
  return r;
}
// 0 hangs (surf/precision) or aborts (maxmin/precision, bandwidth-factor, loopback-bw).
const std::vector<std::string> kPositive{"maxmin/precision", "surf/precision", "bmf/precision",
                                         "network/bandwidth-factor", "network/loopback-bw"};
// SimGrid's own list, printed only when it aborts on another name (lmm/System.cpp).
const std::vector<std::string> kSolvers{"maxmin", "fairbottleneck", "bmf"};
// Values that abort on vgpusim's platform, and why.
const std::map<std::pair<std::string, std::string>, std::string>& unusable() {
  static const std::map<std::pair<std::string, std::string>, std::string> r{
      {{"network/model", "Constant"},
       "the Constant network model has no links, and vgpusim's platform is made of them"},
      {{"network/model", "ns-3"},
       "ns-3 needs hosts wired to one-hop links, which vgpusim's platform does not build"},
  };
  return r;
}

// The checks above, for a value of the right type.
std::string check_limits(const SimGridSetting& s, const std::string& v) {
  if (auto it = unusable().find({s.name, v}); it != unusable().end())
    return fmt::format("{}:{} cannot run here: {}", s.name, v, it->second);
  if (s.type == "double" &&
      std::find(kPositive.begin(), kPositive.end(), s.name) != kPositive.end() &&
      !(std::strtod(v.c_str(), nullptr) > 0))
    return fmt::format("{} must be more than 0", s.name);
  if (s.name == "debug/breakpoint" && std::strtod(v.c_str(), nullptr) >= 0)
    return "debug/breakpoint raises SIGTRAP, for a debugger: not in a vgpusim run";
  if (s.name.size() > 7 && s.name.substr(s.name.size() - 7) == "/solver" &&
      std::find(kSolvers.begin(), kSolvers.end(), v) == kSolvers.end())
    return fmt::format("unknown solver '{}' for {} (one of {})", v, s.name, joined(kSolvers));
  return {};
}

std::string check_value(const SimGridSetting& s, const std::string& v) {
  if (s.type == "int") {
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || errno == ERANGE || n < INT_MIN || n > INT_MAX)
      return fmt::format("'{}' is not a whole number ({} is an int)", v, s.name);
    if (auto it = int_ranges().find(s.name); it != int_ranges().end() && n < it->second.min)
      return fmt::format("{} must be at least {} {}", s.name, it->second.min, it->second.why);
  } else if (s.type == "double") {
    char* end = nullptr;
    errno = 0;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(d))
      return fmt::format("'{}' is not a finite number ({} is a double)", v, s.name);
  } else if (s.type == "boolean") {
    static const std::vector<std::string> ok{"yes", "no", "on", "off", "true", "false", "1", "0"};
    if (std::find(ok.begin(), ok.end(), lower(v)) == ok.end())
      return fmt::format("'{}' is not a boolean for {} (one of {})", v, s.name, joined(ok));
  } else if (!s.choices.empty() &&
             std::find(s.choices.begin(), s.choices.end(), v) == s.choices.end()) {
    std::string msg = fmt::format("unknown value '{}' for {}", v, s.name);
    if (std::string g = suggestion(v, s.choices); !g.empty())
      msg += fmt::format("; did you mean '{}'?", g);
    return msg + fmt::format(" (one of {})", joined(s.choices));
  }
  return check_limits(s, v);
}

}  // namespace

std::vector<SimGridSetting> parse_simgrid_settings(const std::string& cfg_help) {
  // "   KEY: DESCRIPTION" at an indent of 3, then "       Type: T; Current value: V".
  std::vector<SimGridSetting> r;
  std::istringstream in(cfg_help);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("   ", 0) != 0 || line.size() < 4 || line[3] == ' ') {
      const size_t t = line.find("Type: ");
      if (!r.empty() && t != std::string::npos && r.back().type.empty()) {
        const size_t semi = line.find(';', t);
        r.back().type = line.substr(t + 6, semi == std::string::npos ? semi : semi - t - 6);
      }
      continue;
    }
    const size_t colon = line.find(": ");
    if (colon == std::string::npos) continue;
    SimGridSetting s;
    s.name = line.substr(3, colon - 3);
    s.description = line.substr(colon + 2);
    if (const size_t p = s.description.find("Possible values: "); p != std::string::npos) {
      std::string list = s.description.substr(p + 17);
      if (!list.empty() && list.back() == '.') list.pop_back();
      std::istringstream items(list);
      for (std::string item; std::getline(items, item, ',');) {
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(" .") + 1);
        if (!item.empty()) s.choices.push_back(item);
      }
    }
    r.push_back(std::move(s));
  }
  return r;
}

bool is_sg_help(const std::string& value) {
  return value == "help" || (value.size() > 5 && value.substr(value.size() - 5) == ":help" &&
                             value.find(' ') == std::string::npos);
}

std::vector<std::string> check_sg_cfg(const std::string& value,
                                      const std::vector<SimGridSetting>& settings) {
  std::vector<std::string> problems;
  std::vector<std::string> names;
  for (const auto& s : settings) names.push_back(s.name);
  const std::vector<std::string> items = words(value);
  if (items.empty()) problems.push_back("empty: write key:value, e.g. network/model:CM02");
  for (const std::string& item : items) {
    const size_t colon = item.find(':');
    if (colon == std::string::npos || colon == 0) {
      problems.push_back(fmt::format(
          "'{}' is not key:value, e.g. network/model:CM02 (--sg-cfg help lists the keys)", item));
      continue;
    }
    const std::string key = item.substr(0, colon), v = item.substr(colon + 1);
    auto it = std::find_if(settings.begin(), settings.end(),
                           [&](const SimGridSetting& s) { return s.name == key; });
    if (it == settings.end()) {
      std::string msg = fmt::format("unknown SimGrid setting '{}'", key);
      if (std::string g = suggestion(key, names); !g.empty())
        msg += fmt::format("; did you mean '{}'?", g);
      problems.push_back(msg + " (--sg-cfg help lists them)");
      continue;
    }
    if (v == "help" && !it->choices.empty()) continue;  // the models' descriptions
    if (std::string why = check_value(*it, v); !why.empty()) problems.push_back(why);
  }
  return problems;
}

std::vector<std::string> check_sg_log(const std::string& value) {
  static const std::vector<std::string> levels{"trace", "debug",   "verbose", "info",
                                               "warning", "error", "critical"};
  static const std::vector<std::string> settings{"thres", "threshold", "add", "additivity",
                                                 "app",   "appender",  "fmt"};
  std::vector<std::string> problems;
  const std::vector<std::string> items = words(value);
  if (items.empty()) problems.push_back("empty: write CATEGORY.SETTING:VALUE, e.g. root.thres:debug");
  for (const std::string& item : items) {
    const size_t colon = item.find(':');
    const size_t dot = colon == std::string::npos ? std::string::npos : item.rfind('.', colon);
    if (dot == std::string::npos || dot == 0) {
      problems.push_back(fmt::format(
          "'{}' is not CATEGORY.SETTING:VALUE, e.g. root.thres:debug (--sg-log help)", item));
      continue;
    }
    const std::string setting = item.substr(dot + 1, colon - dot - 1), v = item.substr(colon + 1);
    if (setting == "format") {  // log4j's name; SimGrid's is fmt
      problems.push_back("unknown log setting 'format'; did you mean 'fmt'?");
    } else if (std::find(settings.begin(), settings.end(), setting) == settings.end()) {
      std::string msg = fmt::format("unknown log setting '{}'", setting);
      if (std::string g = suggestion(setting, settings); !g.empty())
        msg += fmt::format("; did you mean '{}'?", g);
      problems.push_back(msg + fmt::format(" (one of {})", joined(settings)));
    } else if (setting == "thres" || setting == "threshold") {
      if (std::find(levels.begin(), levels.end(), lower(v)) == levels.end()) {
        std::string msg = fmt::format("unknown log level '{}'", v);
        if (std::string g = suggestion(lower(v), levels); !g.empty())
          msg += fmt::format("; did you mean '{}'?", g);
        problems.push_back(msg + fmt::format(" (one of {})", joined(levels)));
      }
    } else if (setting == "app" || setting == "appender") {
      // stdout, stderr, or file:PATH / rollfile:SIZE:PATH / splitfile:SIZE:PATH, whose folder
      // must exist (SimGrid aborts when it cannot open the file).
      const std::string kind = v.substr(0, v.find(':'));
      if (kind != "stdout" && kind != "stderr" && kind != "file" && kind != "rollfile" &&
          kind != "splitfile") {
        problems.push_back(fmt::format(
            "unknown log appender '{}' (stdout, stderr, file:PATH, rollfile:SIZE:PATH, "
            "splitfile:SIZE:PATH)",
            v));
      } else if (kind != "stdout" && kind != "stderr") {
        const std::filesystem::path file = v.substr(v.rfind(':') + 1);
        const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
        std::error_code ec;
        if (file.empty() || !std::filesystem::is_directory(dir, ec))
          problems.push_back(
              fmt::format("log file '{}': no such folder '{}'", file.string(), dir.string()));
      }
    }
  }
  return problems;
}

}  // namespace vgpusim
