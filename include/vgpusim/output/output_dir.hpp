#pragma once
// The --out directory of a run, made ready before anything is simulated: a path that cannot
// hold the outputs is bad input (exit 2) now, not an internal error after hours of
// simulation; and the folder never mixes two runs.
#include <filesystem>
#include <string>

namespace vgpusim {

/// Creates `dir` if needed and checks it is a writable directory (InputError "--out DIR:
/// ..." otherwise). Then removes what an earlier run left there: its summary.json first (so
/// the folder is visibly incomplete until this run writes its own, last), the other files a
/// run writes (so none of them can be mistaken for this run's when this run does not write
/// it), and temporary files of writers that no longer run (`NAME.tmp.PID`). Files a run does
/// not write (a sweep's sweep-args.txt and run.log) are left alone.
void prepare_output_dir(const std::filesystem::path& dir, const std::string& flag = "--out");

}  // namespace vgpusim
