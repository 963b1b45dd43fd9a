// bare_simgrid: the SimGrid work of a vgpusim run, done by a plain s4u program, so that the
// cost of the simulator over bare SimGrid for the same activities (SPEC 6: at most 2x) can
// be measured (bench/bare_overhead.sh, docs/performance.md "Cost over bare SimGrid").
//
//   bare_simgrid SHAPE STAGES_CSV [SimGrid --cfg / --log options]
//
// SHAPE describes the platform and what each (workflow, stage) moves, one line each:
//   network star CORE_BW LATENCY
//   network two-tier CORE_BW LATENCY UPLINK_BW RACK_SIZE
//   storage BW LATENCY
//   pool NAME SERVERS CPUS CORE_SPEED NIC_BW GPUS_PER_SERVER EXTRACT_RATE
//   stage WORKFLOW STAGE IMAGE IMAGE_BYTES READ_BYTES WRITE_BYTES BOUND
// (bandwidths and EXTRACT_RATE, server.image_extract_rate, in bytes/s, latencies in s; an
// image pull is its download then its unpacking, an exec of one core on the server, for
// IMAGE_BYTES / EXTRACT_RATE s, none when the rate is 0; IMAGE "-" for none; BOUND "none" for a slice whose
// exec runs unbounded (time-sliced vGPU under best_effort, a whole board), "isolated" for a
// MIG slice, whose exec ran at its bound throughout, so bound = work / compute_s.)
// STAGES_CSV is the stages.csv of the vgpusim run: where each stage ran (server, GPUs),
// when it was placed and how much GPU work it did. The program makes no decision of its own:
// a controller actor dispatches each stage at the instant vgpusim placed it, through a
// mailbox, to a long-lived actor per server (the structure SPEC 1 recommends), which pulls
// the stage's image unless its server has it, reads its input from storage, runs one exec
// per GPU, writes its output and tells the controller. Every activity and message is
// counted, and every stage's end is compared with the end vgpusim recorded: a match says
// that both programs did the same activities with the same amounts at the same times.
#include <simgrid/plugins/energy.h>
#include <simgrid/s4u.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

struct NetworkShape {
  bool two_tier = false;
  double core_bw = 0, latency = 0, uplink_bw = 0;
  int rack_size = 0;
  double storage_bw = 0, storage_latency = 0;
};

struct PoolShape {
  std::string name;
  int servers = 0, cpus = 0, gpus = 0;
  double core_speed = 0, nic_bw = 0, extract_rate = 0;
};

struct StageKind {
  int image = -1;  // index in Shape::images, -1: no image
  double image_bytes = 0, read_bytes = 0, write_bytes = 0;
  bool isolated = false;
};

struct Shape {
  NetworkShape net;
  std::vector<PoolShape> pools;
  std::map<std::pair<std::string, std::string>, StageKind> kinds;
  std::vector<std::string> images;
};

enum class Phase { pull, read, compute, write, done };

struct Stage;

// A message vgpusim's controller acted on (a job's arrival, a stage done) and the stages it
// placed at that instant: the bare controller dispatches them when the same message comes.
// Matching by event rather than by clock keeps the replay exact when the two runs' clocks
// differ in the last bits (the order of floating-point sums in the solver).
struct Trigger {
  double time = 0;
  std::vector<Stage*> dispatch;
};

struct Stage {
  int job = 0;
  double submit = 0, start = 0, end_ref = 0;  // from stages.csv
  int server = 0;
  std::vector<int> gpus;
  double work = 0;    // per GPU exec, in GPU-speed units
  double bound = -1;  // per exec, -1: none
  const StageKind* kind = nullptr;
  Phase phase = Phase::pull;
  int outstanding = 0;
  double end = -1;  // measured here
  Trigger done;     // what vgpusim placed when this stage ended
};

struct Message {
  enum class Kind { arrival, start, done, stop } kind;
  Stage* stage;
  Trigger* trigger = nullptr;  // arrival
};

constexpr double kGpuSpeed = 1e9;  // as vgpusim's platform: s x 1e9 units take s on a GPU

struct Counts {
  long execs = 0, data_comms = 0, messages = 0;
} counts;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

Shape read_shape(const std::string& path) {
  std::ifstream in(path);
  if (!in) fail(path, "cannot read");
  Shape s;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    std::istringstream w(line.substr(0, line.find('#')));
    std::string key;
    if (!(w >> key)) continue;
    const std::string at = path + ":" + std::to_string(n);
    if (key == "network") {
      std::string topo;
      w >> topo >> s.net.core_bw >> s.net.latency;
      s.net.two_tier = topo == "two-tier";
      if (s.net.two_tier) w >> s.net.uplink_bw >> s.net.rack_size;
    } else if (key == "storage") {
      w >> s.net.storage_bw >> s.net.storage_latency;
    } else if (key == "pool") {
      PoolShape p;
      w >> p.name >> p.servers >> p.cpus >> p.core_speed >> p.nic_bw >> p.gpus >> p.extract_rate;
      s.pools.push_back(p);
    } else if (key == "stage") {
      std::string wf, st, image, bound;
      StageKind k;
      w >> wf >> st >> image >> k.image_bytes >> k.read_bytes >> k.write_bytes >> bound;
      if (bound != "none" && bound != "isolated") fail(at, "bound is none or isolated");
      k.isolated = bound == "isolated";
      if (image != "-") {
        auto it = std::find(s.images.begin(), s.images.end(), image);
        k.image = static_cast<int>(it - s.images.begin());
        if (it == s.images.end()) s.images.push_back(image);
      }
      s.kinds[{wf, st}] = k;
    } else {
      fail(at, "unknown key '" + key + "' (network, storage, pool, stage)");
    }
    if (w.fail()) fail(at, "missing or bad value");
  }
  if (s.pools.empty() || s.net.core_bw <= 0 || s.net.storage_bw <= 0)
    fail(path, "needs network, storage and at least one pool");
  return s;
}

std::vector<Stage> read_stages(const std::string& path, const Shape& shape) {
  std::ifstream in(path);
  if (!in) fail(path, "cannot read");
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line, ',');
  auto col = [&](const char* name) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) fail(path, std::string("no column ") + name);
    return static_cast<size_t>(it - header.begin());
  };
  const size_t c_job = col("job"), c_wf = col("workflow"), c_st = col("stage"),
               c_status = col("status"), c_server = col("server"), c_gpus = col("gpus"),
               c_submit = col("submit_s"), c_start = col("start_s"), c_end = col("end_s"),
               c_compute = col("compute_s"), c_ckpt = col("checkpoint_s"),
               c_work = col("gpu_seconds");
  std::map<std::string, int> pool_first;  // pool name -> global index of its first server
  int first = 0;
  for (const PoolShape& p : shape.pools) {
    pool_first[p.name] = first;
    first += p.servers;
  }
  std::vector<Stage> stages;
  for (int n = 2; std::getline(in, line); ++n) {
    const std::vector<std::string> f = split(line, ',');
    const std::string at = path + ":" + std::to_string(n);
    if (f.size() != header.size()) fail(at, "expected " + std::to_string(header.size()) + " fields");
    if (f[c_status] != "done") fail(at, "status " + f[c_status] + ": only done stages are replayed");
    if (std::stod(f[c_ckpt]) > 0) fail(at, "checkpoints are not replayed");
    auto kind = shape.kinds.find({f[c_wf], f[c_st]});
    if (kind == shape.kinds.end()) fail(at, "no 'stage " + f[c_wf] + " " + f[c_st] + "' in the shape");
    Stage s;
    s.job = std::stoi(f[c_job]);
    s.submit = std::stod(f[c_submit]);
    s.start = std::stod(f[c_start]);
    s.end_ref = std::stod(f[c_end]);
    s.kind = &kind->second;
    const std::string& server = f[c_server];  // "pool[i]"
    const size_t open = server.find('[');
    auto pool = pool_first.find(server.substr(0, open));
    if (open == std::string::npos || pool == pool_first.end()) fail(at, "unknown server " + server);
    s.server = pool->second + std::stoi(server.substr(open + 1));
    for (const std::string& g : split(f[c_gpus], ';'))
      if (!g.empty()) s.gpus.push_back(std::stoi(g));
    if (s.gpus.empty()) fail(at, "a stage without GPUs is not replayed");
    s.work = std::stod(f[c_work]) / static_cast<double>(s.gpus.size()) * kGpuSpeed;
    const double compute = std::stod(f[c_compute]);
    if (s.kind->isolated && compute > 0) s.bound = s.work / compute;
    stages.push_back(std::move(s));
  }
  return stages;
}

void set_power(sg4::Host* h, double idle_w, double max_w) {
  // The energy plugin's accounting runs on every host state change, as in vgpusim.
  h->set_property("wattage_per_state", std::to_string(idle_w) + ":" + std::to_string(idle_w) +
                                           ":" + std::to_string(max_w));
  h->set_property("wattage_off", "0");
}

struct Platform {
  sg4::Host* storage = nullptr;
  sg4::Host* control = nullptr;
  std::vector<sg4::Host*> servers, gpus;
  std::vector<double> extract_rate;  // per server, bytes/s
};

// The platform vgpusim builds for the same scenario: a star core; servers (and their GPU
// hosts, unrouted) in one star zone, or one per rack of RACK_SIZE behind a shared uplink;
// storage and control hosts in a services zone behind the storage link.
Platform build(const Shape& shape) {
  const NetworkShape& net = shape.net;
  Platform pf;
  auto* root = sg4::create_star_zone("root");
  sg4::Link* core = root->create_link("core", net.core_bw)->set_latency(net.latency)->seal();
  using Dir = sg4::LinkInRoute::Direction;
  auto hang = [&](sg4::NetZone* zone, simgrid::kernel::routing::NetPoint* gw, sg4::Link* link) {
    root->add_route(zone->get_netpoint(), nullptr, gw, nullptr,
                    {sg4::LinkInRoute(link, Dir::UP), sg4::LinkInRoute(core)}, false);
    root->add_route(nullptr, zone->get_netpoint(), nullptr, gw, {sg4::LinkInRoute(link, Dir::DOWN)},
                    false);
  };
  auto* services = sg4::create_full_zone("services");
  services->set_parent(root);
  pf.storage = services->create_host("storage", 1e9);
  pf.control = services->create_host("control", 1e9);
  services->seal();
  set_power(pf.storage, 0, 0);
  set_power(pf.control, 0, 0);
  hang(services, pf.storage->get_netpoint(),
       root->create_split_duplex_link("storage", net.storage_bw)->set_latency(net.storage_latency)->seal());

  std::vector<sg4::NetZone*> zones;
  int in_zone = 0;
  for (const PoolShape& pool : shape.pools)
    for (int i = 0; i < pool.servers; ++i) {
      if (zones.empty() || (net.two_tier && in_zone == net.rack_size)) {
        std::string zname("z");
        zname += std::to_string(zones.size());
        auto* zone = sg4::create_star_zone(zname);
        zone->set_parent(root);
        auto* sw = zone->create_router(zname + "-sw");
        zone->add_route(sw, nullptr, nullptr, nullptr, {}, false);
        zone->add_route(nullptr, sw, nullptr, nullptr, {}, false);
        if (net.two_tier) {
          hang(zone, sw, root->create_split_duplex_link(zname + "-up", net.uplink_bw)
                             ->set_latency(net.latency)
                             ->seal());
        } else {
          root->add_route(zone->get_netpoint(), nullptr, sw, nullptr, {}, false);
          root->add_route(nullptr, zone->get_netpoint(), nullptr, sw, {}, false);
        }
        zones.push_back(zone);
        in_zone = 0;
      }
      sg4::NetZone* zone = zones.back();
      ++in_zone;
      const std::string name = pool.name + std::to_string(i);
      sg4::Host* host = zone->create_host(name, pool.core_speed)->set_core_count(pool.cpus);
      set_power(host, 300, 900);
      sg4::Link* nic = zone->create_split_duplex_link(name + "-nic", pool.nic_bw)->seal();
      std::vector<sg4::LinkInRoute> up{sg4::LinkInRoute(nic, Dir::UP)};
      if (!net.two_tier) up.emplace_back(core);  // two-tier: the rack uplink's route adds it
      zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, up, false);
      zone->add_route(nullptr, host->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(nic, Dir::DOWN)},
                      false);
      for (int g = 0; g < pool.gpus; ++g) {
        sg4::Host* gpu = zone->create_host(name + "-gpu" + std::to_string(g), kGpuSpeed);
        set_power(gpu, 60, 300);
        pf.gpus.push_back(gpu);
      }
      pf.servers.push_back(host);
      pf.extract_rate.push_back(pool.extract_rate);
    }
  for (auto* z : zones) z->seal();
  root->seal();
  return pf;
}

struct World {
  Platform pf;
  std::vector<sg4::Mailbox*> agents;
  sg4::Mailbox* controller = nullptr;
  size_t images = 0;
};

void send(sg4::Mailbox* to, Message::Kind kind, Stage* s, Trigger* t = nullptr) {
  ++counts.messages;
  to->put_init(new Message{kind, s, t}, 0)->detach();
}

// One per server: runs the stages the controller hands it, each as a chain of activities.
class ServerActor {
 public:
  ServerActor(World& w, int server)
      : w_(w), host_(w.pf.servers[static_cast<size_t>(server)]), mbox_(w.agents[static_cast<size_t>(server)]),
        extract_rate_(w.pf.extract_rate[static_cast<size_t>(server)]), images_(w.images) {}

  void operator()() {
    Message* msg = nullptr;
    sg4::CommPtr incoming = mbox_->get_async<Message>(&msg);
    std::vector<sg4::ActivityPtr> waiting;
    for (;;) {
      waiting.clear();
      waiting.push_back(incoming);
      for (const Pending& p : pending_) waiting.push_back(p.activity);
      const auto i = static_cast<size_t>(sg4::Activity::wait_any(waiting));
      if (i == 0) {
        std::unique_ptr<Message> m(msg);
        if (m->kind == Message::Kind::stop) return;
        incoming = mbox_->get_async<Message>(&msg);
        begin(m->stage);
        continue;
      }
      const Pending done = pending_[i - 1];
      pending_.erase(pending_.begin() + static_cast<std::ptrdiff_t>(i - 1));
      if (!done.stage) {  // an image pull's download or unpacking
        Image& img = images_[static_cast<size_t>(done.image)];
        if (!img.unpacking && extract_rate_ > 0) {  // downloaded: unpack on the server
          img.unpacking = true;
          ++counts.execs;
          sg4::ExecPtr e = sg4::this_actor::exec_init(img.bytes / extract_rate_ * host_->get_speed());
          e->set_host(host_)->start();
          pending_.push_back(Pending{e, nullptr, done.image});
          continue;
        }
        img.present = true;  // every stage waiting for it goes on
        for (Stage* s : img.waiters) advance(s);
        img.waiters.clear();
      } else if (--done.stage->outstanding == 0) {
        advance(done.stage);
      }
    }
  }

 private:
  struct Pending {
    sg4::ActivityPtr activity;
    Stage* stage;  // nullptr: an image pull
    int image;
  };
  struct Image {
    bool present = false, unpacking = false;
    double bytes = 0;
    std::vector<Stage*> waiters;  // non-empty: its pull is on the way
  };

  void begin(Stage* s) {
    s->phase = Phase::pull;
    const int image = s->kind->image;
    if (image < 0 || images_[static_cast<size_t>(image)].present) {
      advance(s);
      return;
    }
    Image& img = images_[static_cast<size_t>(image)];
    img.waiters.push_back(s);
    if (img.waiters.size() > 1) return;  // pulling already
    img.bytes = s->kind->image_bytes;
    pending_.push_back(Pending{transfer(w_.pf.storage, host_, s->kind->image_bytes), nullptr, image});
  }

  sg4::CommPtr transfer(sg4::Host* from, sg4::Host* to, double bytes) {
    ++counts.data_comms;
    sg4::CommPtr c = sg4::Comm::sendto_init(from, to);
    c->set_payload_size(static_cast<uint64_t>(bytes));
    c->start();
    return c;
  }

  void advance(Stage* s) {
    switch (s->phase) {
      case Phase::pull:
        s->phase = Phase::read;
        if (s->kind->read_bytes > 0) {
          s->outstanding = 1;
          pending_.push_back(Pending{transfer(w_.pf.storage, host_, s->kind->read_bytes), s, -1});
          return;
        }
        [[fallthrough]];
      case Phase::read:
        s->phase = Phase::compute;
        if (s->work > 0) {
          for (int g : s->gpus) {
            ++counts.execs;
            sg4::ExecPtr e = sg4::this_actor::exec_init(s->work);
            e->set_host(w_.pf.gpus[static_cast<size_t>(g)]);
            if (s->bound > 0) e->set_bound(s->bound);
            e->start();
            pending_.push_back(Pending{e, s, -1});
          }
          s->outstanding = static_cast<int>(s->gpus.size());
          return;
        }
        [[fallthrough]];
      case Phase::compute:
        s->phase = Phase::write;
        if (s->kind->write_bytes > 0) {
          s->outstanding = 1;
          pending_.push_back(Pending{transfer(host_, w_.pf.storage, s->kind->write_bytes), s, -1});
          return;
        }
        [[fallthrough]];
      case Phase::write:
        s->phase = Phase::done;
        s->end = sg4::Engine::get_clock();
        send(w_.controller, Message::Kind::done, s);
        return;
      case Phase::done:
        return;
    }
  }

  World& w_;
  sg4::Host* host_;
  sg4::Mailbox* mbox_;
  double extract_rate_;
  std::vector<Image> images_;
  std::vector<Pending> pending_;
};

// Hands each stage to its server's actor when the message vgpusim placed it on comes.
void controller(World& w, size_t stages, size_t jobs) {
  size_t done = 0, arrived = 0;
  while (done < stages || arrived < jobs) {
    std::unique_ptr<Message> m(w.controller->get<Message>());
    Trigger* t = m->trigger;
    if (m->kind == Message::Kind::done) {
      ++done;
      t = &m->stage->done;
    } else {
      ++arrived;
    }
    for (Stage* s : t->dispatch) send(w.agents[static_cast<size_t>(s->server)], Message::Kind::start, s);
  }
  for (sg4::Mailbox* a : w.agents) send(a, Message::Kind::stop, nullptr);
}

// Jobs arrive when their first stage became ready (stages.csv is in ready order); each stage
// goes to the arrival or stage end at the instant vgpusim placed it.
std::vector<Trigger> link_triggers(std::vector<Stage>& stages, const std::string& where) {
  std::vector<Trigger> arrivals;
  std::vector<bool> arrived;
  for (Stage& s : stages) {
    const auto job = static_cast<size_t>(s.job);
    if (job >= arrived.size()) arrived.resize(job + 1);
    if (!arrived[job]) arrivals.push_back(Trigger{s.submit, {}});
    arrived[job] = true;
  }
  std::stable_sort(arrivals.begin(), arrivals.end(),
                   [](const Trigger& a, const Trigger& b) { return a.time < b.time; });
  std::vector<Trigger*> events;
  for (Trigger& a : arrivals) events.push_back(&a);
  for (Stage& s : stages) {
    s.done.time = s.end_ref;
    events.push_back(&s.done);
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const Trigger* a, const Trigger* b) { return a->time < b->time; });
  for (Stage& s : stages) {
    auto it = std::lower_bound(events.begin(), events.end(), s.start,
                               [](const Trigger* e, double t) { return e->time < t; });
    if (it == events.end() || (it != events.begin() && s.start - (*(it - 1))->time < (*it)->time - s.start))
      --it;
    if (std::abs((*it)->time - s.start) > 1e-9 * std::max(1.0, s.start))
      fail(where, "job " + std::to_string(s.job) + ": a stage placed when no job arrived and no stage ended");
    (*it)->dispatch.push_back(&s);
  }
  return arrivals;
}

double user_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec) + static_cast<double>(u.ru_utime.tv_usec) * 1e-6;
}

int run(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s SHAPE STAGES_CSV [SimGrid options]\n", argv[0]);
    return 2;
  }
  const Shape shape = read_shape(argv[1]);
  std::vector<Stage> stages = read_stages(argv[2], shape);
  std::vector<Trigger> arrivals = link_triggers(stages, argv[2]);
  const double cpu0 = user_cpu_s();  // from here on: SimGrid's work and ours around it

  // vgpusim's engine settings (src/engine/simulation.cpp), then the command line's.
  std::vector<std::string> args{argv[0], "--log=root.thres:critical", "--cfg=contexts/stack-size:256",
                                "--cfg=network/model:CM02", "--cfg=network/crosstraffic:0",
                                "--cfg=network/TCP-gamma:1e20", "--cfg=network/bandwidth-factor:1",
                                "--cfg=network/latency-factor:1"};
  for (int i = 3; i < argc; ++i) args.emplace_back(argv[i]);
  std::vector<char*> cargs;
  for (auto& a : args) cargs.push_back(a.data());
  int cargc = static_cast<int>(cargs.size());
  sg4::Engine engine(&cargc, cargs.data());
  sg_host_energy_plugin_init();

  World w;
  w.pf = build(shape);
  w.images = shape.images.size();
  for (const Stage& s : stages) {
    if (static_cast<size_t>(s.server) >= w.pf.servers.size()) fail(argv[2], "server out of range");
    for (int g : s.gpus)
      if (static_cast<size_t>(g) >= w.pf.gpus.size()) fail(argv[2], "GPU out of range");
  }
  w.controller = sg4::Mailbox::by_name("controller");
  for (size_t i = 0; i < w.pf.servers.size(); ++i) {
    w.agents.push_back(sg4::Mailbox::by_name("agent-" + std::to_string(i)));
    auto actor = std::make_shared<ServerActor>(w, static_cast<int>(i));
    sg4::Actor::create("agent-" + std::to_string(i), w.pf.control, [actor]() { (*actor)(); });
  }
  sg4::Actor::create("arrivals", w.pf.control, [&w, &arrivals]() {
    for (Trigger& a : arrivals) {
      sg4::this_actor::sleep_until(a.time);
      // Blocking, as vgpusim's arrivals (simulation.cpp): a detached put's end walks
      // SimGrid's list of every detached comm and data transfer in flight.
      ++counts.messages;
      w.controller->put(new Message{Message::Kind::arrival, nullptr, &a}, 0);
    }
  });
  sg4::Actor::create("controller", w.pf.control,
                     [&w, n = stages.size(), j = arrivals.size()]() { controller(w, n, j); });
  engine.run();
  const double cpu = user_cpu_s() - cpu0;

  double worst = 0;
  long unfinished = 0;
  const Stage* worst_stage = nullptr;
  for (const Stage& s : stages) {
    if (s.end < 0) {
      ++unfinished;
      continue;
    }
    const double dev = std::abs(s.end - s.end_ref) / std::max(1.0, s.end_ref);
    if (dev > worst) worst_stage = &s;
    worst = std::max(worst, dev);
  }
  if (worst_stage)
    std::printf("furthest: job %d placed at %.12g on server %d: ends at %.12g, vgpusim %.12g\n",
                worst_stage->job, worst_stage->start, worst_stage->server, worst_stage->end,
                worst_stage->end_ref);
  std::printf("stages=%zu jobs=%zu execs=%ld data_comms=%ld messages=%ld unfinished=%ld\n",
              stages.size(), arrivals.size(), counts.execs, counts.data_comms, counts.messages,
              unfinished);
  std::printf("end_time_s=%.9g max_end_deviation=%.3g simulation_user_s=%.3f\n",
              sg4::Engine::get_clock(), worst, cpu);
  return unfinished == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bare_simgrid: %s\n", e.what());
    return 2;
  }
}
