#pragma once
// gzip compression through zlib (Debian's zlib1g), for outputs people open in tools that
// read .gz directly (trace.json.gz in ui.perfetto.dev).
#include <string>
#include <string_view>

namespace vgpusim {

/// `data` as a gzip member (RFC 1952) with a zero modification time, so that the same
/// input gives byte-identical output.
std::string gzip_compress(std::string_view data);

}  // namespace vgpusim
