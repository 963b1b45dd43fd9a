#include "vgpusim/util/atomic_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace vgpusim {

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFileWriter w(path);
  w.append(content);
  w.commit();
}

AtomicFileWriter::AtomicFileWriter(std::filesystem::path path) : path_(std::move(path)) {
  tmp_ = path_;
  tmp_ += fmt::format(".tmp.{}", ::getpid());
  f_ = std::fopen(tmp_.c_str(), "we");
  if (!f_)
    throw std::runtime_error(
        fmt::format("cannot write {}: {}", tmp_.string(), std::strerror(errno)));
  // Rows of a few hundred bytes each: write in large blocks.
  std::setvbuf(f_, nullptr, _IOFBF, 1 << 20);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (!f_) return;
  std::fclose(f_);
  ::unlink(tmp_.c_str());
}

void AtomicFileWriter::fail(const char* what) {
  const int e = errno;
  if (f_) std::fclose(f_);
  f_ = nullptr;
  ::unlink(tmp_.c_str());
  throw std::runtime_error(fmt::format("{} {}: {}", what, tmp_.string(), std::strerror(e)));
}

void AtomicFileWriter::append(std::string_view text) {
  if (!f_) throw std::logic_error("AtomicFileWriter: append after commit");
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), f_) != text.size())
    fail("cannot write");
}

void AtomicFileWriter::commit() {
  if (!f_) throw std::logic_error("AtomicFileWriter: commit twice");
  if (std::fflush(f_) != 0 || ::fsync(::fileno(f_)) != 0) fail("cannot write");
  std::FILE* f = f_;
  f_ = nullptr;
  if (std::fclose(f) != 0) {
    const int e = errno;
    ::unlink(tmp_.c_str());
    throw std::runtime_error(fmt::format("cannot write {}: {}", tmp_.string(), std::strerror(e)));
  }
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp_.c_str());
    throw std::runtime_error(
        fmt::format("cannot rename {} to {}: {}", tmp_.string(), path_.string(), std::strerror(e)));
  }
}

}  // namespace vgpusim
