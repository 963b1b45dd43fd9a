#pragma once
// One long-lived actor per server: it runs the phases of the stages placed on that server
// (image pull, dataset read, compute segments with checkpoints, output write), waiting on
// all of their activities at once, and tells the controller when a stage is done.
#include <map>
#include <string>
#include <vector>

#include "engine_state.hpp"
#include "vgpusim/util/image_cache.hpp"

namespace vgpusim::engine {

class ServerAgent {
 public:
  ServerAgent(EngineState& st, int server);
  void operator()();

 private:
  struct Pending {
    simgrid::s4u::ActivityPtr activity;
    StageRun* run = nullptr;   // null for an image pull
    std::string image;         // image pulls: which image
  };
  struct Pull {
    std::vector<StageRun*> waiters;
  };

  void start(StageRun* r);
  void advance(StageRun* r);
  void start_compute_segment(StageRun* r);
  void start_transfer(StageRun* r, double bytes, bool to_storage);
  void finish(StageRun* r);
  void on_pull_done(const std::string& image);
  StageRecord& record(const StageRun* r) { return st_.result.stages[r->record]; }

  EngineState& st_;
  int server_;
  simgrid::s4u::Host* host_;
  ImageCache cache_;
  std::map<std::string, Pull> pulls_;  // images being pulled, with the runs waiting
  std::vector<Pending> pending_;
  std::map<StageRun*, int> outstanding_;  // activities of the current phase not yet done
};

}  // namespace vgpusim::engine
