#pragma once
// Internal pieces of the scenario's `catalog:` section (catalog_loader.cpp reads boards and
// checks the result; catalog_slices_loader.cpp reads MIG profiles and vGPU types).
#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "vgpusim/catalog/catalog.hpp"
#include "vgpusim/catalog/catalog_checks.hpp"
#include "vgpusim/scenario/yaml_reader.hpp"

namespace vgpusim::loader::catalog_part {

/// Where a scenario entry is written.
struct EntryAt {
  YAML::Node node;
  std::string path;  // catalog.gpus[0]
};

/// What the scenario changed: entries it wrote were checked where they are written; the
/// built-in entries of a board it changed are checked again at the end, because a board
/// override (say a smaller framebuffer) can break types the scenario never mentions.
/// Entries with problems are applied all the same, so that the pools and stages that name
/// them do not add an "unknown" error each; only the entries' own problems are reported.
struct CatalogEdits {
  // Boards changed, in the order written, with the first entry that changed each.
  std::vector<std::pair<std::string, EntryAt>> boards;
  std::set<std::pair<std::string, std::string>> profiles;  // (board, profile) written
  std::set<std::string> vgpus;                             // vGPU type names written
  // Entries applied with problems: what names them is not checked against them.
  std::set<std::string> unsound_boards;
  std::set<std::pair<std::string, std::string>> unsound_profiles;

  bool trusted(const std::string& board) const { return !unsound_boards.contains(board); }
  bool trusted(const std::string& board, const std::string& profile) const {
    return trusted(board) && !unsound_profiles.contains({board, profile});
  }
  void applied(const std::string& board, const EntryAt& at) {
    for (const auto& b : boards)
      if (b.first == board) return;
    boards.emplace_back(board, at);
  }
};

/// Each issue at the key it names inside the entry (the deepest part written, else the entry).
void report(YamlReader& r, const EntryAt& at, const CatalogIssues& issues);

/// A list of whole numbers (`starts`, `placement_ids`); nullopt when absent or invalid.
std::optional<std::vector<int>> int_list(YamlReader& r, const YAML::Node& map,
                                         const std::string& path, const std::string& key,
                                         bool required = false);
/// A size (`80GiB`) in whole MiB, as the catalog keeps framebuffers.
std::optional<int64_t> mib(YamlReader& r, const YAML::Node& map, const std::string& path,
                           const std::string& key, bool required = false);

void read_mig_profile(YamlReader& r, const YAML::Node& n, const std::string& path, Catalog& c,
                      CatalogEdits& edits);
void read_vgpu_type(YamlReader& r, const YAML::Node& n, const std::string& path, Catalog& c,
                    CatalogEdits& edits);

}  // namespace vgpusim::loader::catalog_part
