#pragma once
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace vgpusim {

/// Writes `content` to `path` through a temporary file in the same directory and a rename,
/// so that readers (and an interrupted run) never see a half-written file.
/// Throws std::runtime_error with the path and errno text on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// A file written piece by piece, atomically: the pieces go to `PATH.tmp.PID` (the name the
/// output folder's clean-up recognises, output_dir.cpp), and commit() syncs it and renames
/// it to `path`. Destroyed before commit() (an error, an exception), it removes the
/// temporary file. Throws std::runtime_error with the path and errno text on failure.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::filesystem::path path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void append(std::string_view text);
  void commit();
  const std::filesystem::path& path() const { return path_; }

 private:
  [[noreturn]] void fail(const char* what);

  std::filesystem::path path_, tmp_;
  std::FILE* f_ = nullptr;
};

}  // namespace vgpusim
