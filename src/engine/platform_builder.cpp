#include "platform_builder.hpp"

#include <fmt/format.h>

namespace sg4 = simgrid::s4u;
namespace kernel = simgrid::kernel;

namespace vgpusim::engine {
namespace {

void set_power(sg4::Host* h, double idle_w, double max_w) {
  // Energy plugin (SimGrid 3.32 host_energy.cpp), one pstate "Idle:Epsilon:AllCores": with
  // load = used speed / (speed x cores) in [0, 1], power = Idle when load is 0, else
  // Epsilon + (AllCores - Epsilon) x load. Epsilon = Idle makes power linear in load from
  // idle to max, on a one-core GPU host (load = the share its execs receive) as on a
  // multi-core server (load = busy cores / cores). Epsilon = max drew max power at any
  // load above 0. Off: 0 W.
  h->set_property("wattage_per_state", fmt::format("{}:{}:{}", idle_w, idle_w, max_w));
  h->set_property("wattage_off", "0");
}

}  // namespace

Platform build_platform(const Scenario& s) {
  Platform pf;
  auto* root = sg4::create_star_zone("datacenter");
  root->set_property("topology", s.network.topology);
  const double lat = s.network.latency;
  // The core carries every flow that crosses the datacenter once (on the sender's side).
  sg4::Link* core = root->create_link("core", s.network.core_bandwidth)->set_latency(lat)->seal();

  // Attaches a child zone to a star zone through its gateway and an uplink; `extra_up`
  // is appended on the way up (the core, for zones of the root).
  auto attach_to = [](sg4::NetZone* star, sg4::NetZone* zone, kernel::routing::NetPoint* gateway,
                      sg4::Link* uplink, sg4::Link* extra_up) {
    std::vector<sg4::LinkInRoute> up{sg4::LinkInRoute(uplink, sg4::LinkInRoute::Direction::UP)};
    if (extra_up) up.emplace_back(extra_up);
    star->add_route(zone->get_netpoint(), nullptr, gateway, nullptr, up, false);
    star->add_route(nullptr, zone->get_netpoint(), nullptr, gateway,
                    {sg4::LinkInRoute(uplink, sg4::LinkInRoute::Direction::DOWN)}, false);
  };

  // Servers and their GPUs are hosts of a few star zones, not a zone each: SimGrid 3.32 checks
  // every new host and link name by walking all zones, and seals each zone by listing every
  // host of the platform, which made one zone per server quadratic (about half the run time
  // of the 1213-server openb experiment).
  // Star: one `servers` zone; a server's route up is its NIC then the core, so that every flow
  // that leaves a server crosses the core once, as between zones.
  // Two-tier: racks of `rack_size` servers behind a top-of-rack switch whose uplink to the
  // core is shared by the rack; traffic inside a rack stays in the rack.
  const bool two_tier = s.network.topology == "two-tier";
  sg4::NetZone* group = nullptr;
  int in_group = 0, groups = 0;
  std::vector<sg4::NetZone*> open_groups;
  auto server_parent = [&]() -> sg4::NetZone* {
    if (group && (!two_tier || in_group < s.network.rack_size)) {
      ++in_group;
      return group;
    }
    const std::string name = two_tier ? fmt::format("rack{}", groups) : std::string("servers");
    group = sg4::create_star_zone(name);
    group->set_parent(root);
    // The switch is the group's gateway: a router reached with no extra link.
    auto* sw = group->create_router(name + (two_tier ? "-tor" : "-switch"));
    group->add_route(sw, nullptr, nullptr, nullptr, {}, false);
    group->add_route(nullptr, sw, nullptr, nullptr, {}, false);
    if (two_tier) {
      auto* uplink = root->create_split_duplex_link(name + "-uplink", s.network.uplink_bandwidth)
                         ->set_latency(lat)
                         ->seal();
      attach_to(root, group, sw, uplink, core);
    } else {
      root->add_route(group->get_netpoint(), nullptr, sw, nullptr, {}, false);
      root->add_route(nullptr, group->get_netpoint(), nullptr, sw, {}, false);
    }
    open_groups.push_back(group);
    in_group = 1;
    ++groups;
    return group;
  };

  // Services: storage/registry and the control host where the scheduler actors live.
  auto* services = sg4::create_full_zone("services");
  services->set_parent(root);
  pf.storage = services->create_host("storage", 1e9);
  pf.control = services->create_host("control", 1e9);
  services->seal();
  auto* storage_link = root->create_split_duplex_link("storage-link", s.storage.bandwidth)
                           ->set_latency(s.storage.latency)
                           ->seal();
  attach_to(root, services, pf.storage->get_netpoint(), storage_link, core);
  set_power(pf.storage, 0, 0);
  set_power(pf.control, 0, 0);

  for (size_t p = 0; p < s.pools.size(); ++p) {
    const PoolSpec& pool = s.pools[p];
    const GpuModel* model = s.catalog.find_gpu(pool.gpu_model);
    for (int i = 0; i < pool.count; ++i) {
      std::string name = fmt::format("{}[{}]", pool.name, i);
      sg4::NetZone* parent = server_parent();
      sg4::Host* server =
          parent->create_host(name, pool.server.core_speed)->set_core_count(pool.server.cpus);
      set_power(server, pool.server.idle_power_w, pool.server.max_power_w);
      auto* nic =
          parent->create_split_duplex_link("nic-" + name, pool.server.nic_bandwidth)->seal();
      std::vector<sg4::LinkInRoute> up{sg4::LinkInRoute(nic, sg4::LinkInRoute::Direction::UP)};
      if (!two_tier) up.emplace_back(core);
      parent->add_route(server->get_netpoint(), nullptr, nullptr, nullptr, up, false);
      parent->add_route(nullptr, server->get_netpoint(), nullptr, nullptr,
                        {sg4::LinkInRoute(nic, sg4::LinkInRoute::Direction::DOWN)}, false);
      // GPU hosts are compute resources only: no flow in the model ends at a GPU (datasets,
      // checkpoints, images and migrations move between servers and storage), so they get
      // no route; the host link of the catalog stays out of the network.
      for (int g = 0; g < pool.gpus_per_server; ++g) {
        sg4::Host* gpu = parent->create_host(fmt::format("{}/gpu{}", name, g), kGpuSpeed);
        set_power(gpu, model->idle_power_w, model->max_power_w);
        pf.gpus.push_back(gpu);
      }
      pf.servers.push_back(server);
      pf.server_pool.push_back(static_cast<int>(p));
      pf.server_names.push_back(name);
    }
  }
  for (auto* z : open_groups) z->seal();
  root->seal();
  return pf;
}

}  // namespace vgpusim::engine
