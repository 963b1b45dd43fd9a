#pragma once
// Builds a JSON document in the order keys are written (an nlohmann-json tree underneath, see
// util/json.hpp) and prints it with vgpusim's deterministic number format, so that the same
// run always produces byte-identical files. Adding a figure to a file is one `field()` call.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vgpusim/util/json.hpp"

namespace vgpusim {

class JsonWriter {
 public:
  explicit JsonWriter(int indent = 2) : indent_(indent) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& value(const std::string& v) { return value(std::string_view(v)); }
  JsonWriter& value(double v);
  JsonWriter& value(int64_t v);
  JsonWriter& value(int v) { return value(static_cast<int64_t>(v)); }
  JsonWriter& value(uint64_t v) { return value(static_cast<int64_t>(v)); }
  JsonWriter& value(bool v);
  /// A value built with nlohmann-json directly (a nested object, an array of numbers).
  JsonWriter& value(Json v);
  JsonWriter& null();
  template <typename T>
  JsonWriter& field(std::string_view k, const T& v) {
    key(k);
    return value(v);
  }

  /// The document as text (util/json.hpp's dump_json).
  const std::string& str() const;
  /// The document as a tree.
  const Json& json() const { return root_; }

  static std::string escape(std::string_view s) { return json_quote(s); }
  /// Shortest round-trip representation; non-finite numbers become null.
  static std::string format_number(double v) { return json_number(v); }

 private:
  Json& add(Json v);
  Json root_;
  std::vector<Json*> open_;  // open containers, innermost last: only it ever grows
  std::string key_;
  bool has_key_ = false;
  int indent_;
  mutable std::string out_;
};

}  // namespace vgpusim
