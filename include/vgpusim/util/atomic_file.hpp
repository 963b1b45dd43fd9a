#pragma once
#include <filesystem>
#include <string_view>

namespace vgpusim {

/// Writes `content` to `path` through a temporary file in the same directory and a rename,
/// so that readers (and an interrupted run) never see a half-written file.
/// Throws std::runtime_error with the path and errno text on failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace vgpusim
