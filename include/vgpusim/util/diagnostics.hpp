#pragma once
// Input problems, collected so that a user sees every one of them at once, each as
// FILE:LINE:COL: KEY.PATH: message.
#include <stdexcept>
#include <string>
#include <vector>

namespace vgpusim {

struct Diagnostic {
  std::string file;
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based
  std::string path;  // key path: datacenter.pools[1].vgpu.type
  std::string message;
  std::string to_string() const;
};

class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  std::string to_string() const;

 private:
  std::vector<Diagnostic> items_;
};

/// Thrown by loaders when the input has problems; carries all of them. Exit code 2.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Diagnostics d);
  explicit InputError(const std::string& message);
  const Diagnostics& diagnostics() const { return diags_; }

 private:
  Diagnostics diags_;
};

/// The closest candidate by edit distance, or "" when none is close enough.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace vgpusim
