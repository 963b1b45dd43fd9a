#include "vgpusim/util/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <stdexcept>

namespace vgpusim {

std::string gzip_compress(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's; the header zlib writes
  // without deflateSetHeader has mtime 0 (deterministic output).
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib: deflateInit2 failed");
  std::string out;
  // avail_in / avail_out are 32-bit: feed and drain in chunks.
  constexpr size_t kChunk = size_t{1} << 20;
  size_t pos = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    const size_t n = std::min(kChunk, data.size() - pos);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + pos));
    z.avail_in = static_cast<uInt>(n);
    pos += n;
    const int flush = pos == data.size() ? Z_FINISH : Z_NO_FLUSH;
    do {
      const size_t had = out.size();
      out.resize(had + kChunk);
      z.next_out = reinterpret_cast<Bytef*>(out.data() + had);
      z.avail_out = static_cast<uInt>(kChunk);
      rc = deflate(&z, flush);
      out.resize(had + kChunk - z.avail_out);
      if (rc == Z_STREAM_ERROR) {
        deflateEnd(&z);
        throw std::runtime_error("zlib: deflate failed");
      }
    } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  }
  deflateEnd(&z);
  return out;
}

}  // namespace vgpusim
