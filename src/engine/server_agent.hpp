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
    StageRun* run = nullptr;  // null for an image pull
    std::string image;        // image pulls: which image
    int gpu = -1;             // GPU execs: which GPU (registered in EngineState::rates)
    int64_t part_of = 0;      // an exec for a gang part led by another agent: the run's id
    bool extract = false;     // image pulls: the unpacking exec (after the download comm)
  };
  struct Pull {
    std::vector<StageRun*> waiters;
    std::vector<int64_t> part_waiters;  // gangs led by another agent, by run id
    double size = 0;  // the image's bytes
  };

  void start(StageRun* r);
  // Has `image` pulled on this server (from the cache, joining a pull in flight or starting
  // one); returns true when it is here already. `r` or `part_of` waits for it.
  bool pull_image(const ImageSpec& image, StageRun* r, int64_t part_of);
  // One server of r's pull phase has the image: on to the read once all of them have it.
  void pulled(StageRun* r);
  void advance(StageRun* r);
  void start_compute_segment(StageRun* r);
  // Marks r's slices busy or idle and re-applies the shares of its GPUs.
  void set_busy(StageRun* r, bool busy);
  // Re-applies the share model on `gpu`, swapping replaced execs in pending_.
  void reapply(int gpu);
  void start_transfer(StageRun* r, double bytes, bool to_storage);
  void finish(StageRun* r);
  // A pull's download is done: unpack the image on the server (an exec of one core), or,
  // when that is done too (or the pool unpacks instantly), give it to its waiters.
  void on_download_done(const std::string& image);
  void on_pull_done(const std::string& image);
  // Gangs (gang_agent.cpp): the leader's agent runs the rounds of a run spanning servers;
  // the agents of its other servers run the execs of their parts.
  void start_gang_segment(StageRun* r);
  // Starts one step of a round: `work` whole-GPU seconds on every GPU of every part and,
  // when `bytes` > 0, one comm of `bytes` per ring hop. Counts what the step waits for.
  void run_gang_step(StageRun* r, double work, double bytes);
  // After a step: starts the next step of the round and returns true, or false when the
  // round is over.
  bool next_gang_step(StageRun* r);
  void on_part_compute(const AgentMsg& m);
  void on_part_done(int64_t run_id);
  void on_part_cancel(const AgentMsg& m);
  void on_part_pull(const AgentMsg& m);
  void on_part_pulled(int64_t run_id);
  void reply_pulled(int64_t run_id);
  void cancel_parts(StageRun* r);  // abort: the other parts' execs
  // Migrations and failures (agent_handoff.cpp).
  void on_control(const AgentMsg& m);
  void detach(StageRun* r);  // suspend r's activities and hand them to the migration
  void adopt(StageRun* r);   // take them over on this (the destination) server
  void abort(StageRun* r);   // cancel them; the controller restarts r elsewhere
  void preempt(StageRun* r);  // checkpoint its progress, then stop it (re-queued)
  // Cancels r's activities and records the compute done; returns its compute left.
  double cancel_run(StageRun* r);
  void report_stopped(StageRun* r);  // its activities are gone: tell the controller
  void phase_took(const StageRun* r, StagePhase p, double s) {
    st_.recorder.stage_phase(r->record, p, s);
  }

  EngineState& st_;
  int server_;
  simgrid::s4u::Host* host_;
  ImageCache cache_;
  double extract_rate_;  // server.image_extract_rate, bytes/s (0: no unpacking phase)
  std::map<std::string, Pull> pulls_;  // images being pulled, with the runs waiting
  std::vector<Pending> pending_;
  std::map<StageRun*, int> outstanding_;  // activities of the current phase not yet done
  std::map<int64_t, int> part_execs_;     // gang parts led elsewhere: execs left, by run id
};

}  // namespace vgpusim::engine
