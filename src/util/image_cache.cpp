#include "vgpusim/util/image_cache.hpp"

namespace vgpusim {

bool ImageCache::touch(const std::string& name) {
  auto it = index_.find(name);
  if (it == index_.end()) return false;
  order_.splice(order_.begin(), order_, it->second);
  return true;
}

std::vector<std::string> ImageCache::insert(const std::string& name, double size) {
  std::vector<std::string> evicted;
  if (touch(name) || size > capacity_) return evicted;
  while (used_ + size > capacity_ && !order_.empty()) {
    const Entry& last = order_.back();
    evicted.push_back(last.name);
    used_ -= last.size;
    index_.erase(last.name);
    order_.pop_back();
  }
  order_.push_front(Entry{name, size});
  index_[name] = order_.begin();
  used_ += size;
  return evicted;
}

}  // namespace vgpusim
