#pragma once
// A server's container-image cache: byte capacity, least-recently-used eviction.
// Engine-free so that its rules are unit-tested.
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

namespace vgpusim {

class ImageCache {
 public:
  explicit ImageCache(double capacity_bytes) : capacity_(capacity_bytes) {}

  /// True (and marks it most recently used) when the image is cached.
  bool touch(const std::string& name);
  /// Adds an image, evicting least recently used ones to make room; returns the evicted
  /// names. An image larger than the whole cache is not kept.
  std::vector<std::string> insert(const std::string& name, double size);
  double used() const { return used_; }
  size_t size() const { return index_.size(); }

 private:
  struct Entry {
    std::string name;
    double size;
  };
  double capacity_;
  double used_ = 0;
  std::list<Entry> order_;  // front: most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace vgpusim
