#pragma once
// A registry of named strategies (policies, queue disciplines, cost models, slicing rules,
// trace importers), each with a description and documented parameters. Lookups of an
// unknown name produce an error that lists the valid ones.
#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "vgpusim/util/param_spec.hpp"

namespace vgpusim {


template <typename Factory>
class Registry {
 public:
  struct Entry {
    std::string name;
    std::string description;
    std::vector<ParamSpec> params;  // typed: the loader checks values against them
    Factory factory;
  };

  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  /// Throws std::invalid_argument on a duplicate name.
  void add(Entry e) {
    if (entries_.count(e.name))
      throw std::invalid_argument(kind_ + " '" + e.name + "' is already registered");
    std::string n = e.name;
    entries_.emplace(std::move(n), std::move(e));
  }
  bool contains(const std::string& name) const { return entries_.count(name) > 0; }
  const Entry* find(const std::string& name) const {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }
  /// Throws std::invalid_argument("unknown <kind> 'x'; known: a, b, c").
  const Entry& get(const std::string& name) const {
    if (const Entry* e = find(name)) return *e;
    throw std::invalid_argument("unknown " + kind_ + " '" + name + "'; known: " + names_joined());
  }
  std::vector<std::string> names() const {
    std::vector<std::string> r;
    for (const auto& [n, e] : entries_) r.push_back(n);
    return r;
  }
  std::string names_joined() const {
    std::string r;
    for (const auto& [n, e] : entries_) r += (r.empty() ? "" : ", ") + n;
    return r;
  }
  const std::map<std::string, Entry>& entries() const { return entries_; }
  const std::string& kind() const { return kind_; }

 private:
  std::string kind_;
  std::map<std::string, Entry> entries_;
};

}  // namespace vgpusim
