#include "vgpusim/util/json_writer.hpp"

#include <stdexcept>

namespace vgpusim {

Json& JsonWriter::add(Json v) {
  if (open_.empty()) {
    root_ = std::move(v);
    return root_;
  }
  Json& into = *open_.back();
  if (into.is_object()) {
    if (!has_key_) throw std::logic_error("JsonWriter: a value in an object needs a key");
    has_key_ = false;
    Json& slot = into[key_];
    slot = std::move(v);
    return slot;
  }
  into.push_back(std::move(v));
  return into.back();
}

JsonWriter& JsonWriter::begin_object() {
  open_.push_back(&add(Json::object()));
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  open_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  open_.push_back(&add(Json::array()));
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  open_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  key_ = std::string(k);
  has_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view v) {
  add(Json(std::string(v)));
  return *this;
}

JsonWriter& JsonWriter::value(double v) {
  add(Json(v));
  return *this;
}

JsonWriter& JsonWriter::value(int64_t v) {
  add(Json(v));
  return *this;
}

JsonWriter& JsonWriter::value(bool v) {
  add(Json(v));
  return *this;
}

JsonWriter& JsonWriter::value(Json v) {
  add(std::move(v));
  return *this;
}

JsonWriter& JsonWriter::null() {
  add(Json(nullptr));
  return *this;
}

const std::string& JsonWriter::str() const {
  out_ = dump_json(root_, indent_);
  return out_;
}

}  // namespace vgpusim
