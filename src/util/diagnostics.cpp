#include "vgpusim/util/diagnostics.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vgpusim {

std::string Diagnostic::to_string() const {
  std::string where = file;
  if (line > 0) where += fmt::format(":{}:{}", line, column);
  // A problem with no file (a message built whole) is printed as it is.
  std::string r = where.empty() ? "" : where + ": ";
  if (!path.empty()) r += path + ": ";
  return r + message;
}

std::string Diagnostics::to_string() const {
  std::string r;
  for (const auto& d : items_) r += d.to_string() + "\n";
  return r;
}

InputError::InputError(Diagnostics d) : std::runtime_error(d.to_string()), diags_(std::move(d)) {}
InputError::InputError(const std::string& message) : std::runtime_error(message) {
  diags_.add(Diagnostic{"", 0, 0, "", message});
}

namespace {
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (std::tolower(a[i - 1]) == std::tolower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    size_t d = edit_distance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

}  // namespace vgpusim
