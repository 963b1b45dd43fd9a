#include "platform_builder.hpp"

#include <fmt/format.h>

namespace sg4 = simgrid::s4u;
namespace kernel = simgrid::kernel;

namespace vgpusim::engine {
namespace {

void set_power(sg4::Host* h, double idle_w, double max_w) {
  // Energy plugin: one pstate, "idle:epsilon:max" (epsilon = max for one core); off = 0 W.
  h->set_property("wattage_per_state", fmt::format("{}:{}:{}", idle_w, max_w, max_w));
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
  auto attach = [&](sg4::NetZone* zone, sg4::Host* gateway, sg4::Link* nic) {
    attach_to(root, zone, gateway->get_netpoint(), nic, core);
  };

  // Two-tier: servers are grouped in racks of `rack_size` behind a top-of-rack switch whose
  // uplink to the core is shared by the rack; traffic inside a rack stays in the rack.
  const bool two_tier = s.network.topology == "two-tier";
  sg4::NetZone* rack = nullptr;
  kernel::routing::NetPoint* tor = nullptr;
  int in_rack = 0, racks = 0;
  std::vector<sg4::NetZone*> open_racks;
  auto server_parent = [&]() -> sg4::NetZone* {
    if (!two_tier) return root;
    if (!rack || in_rack == s.network.rack_size) {
      rack = sg4::create_star_zone(fmt::format("rack{}", racks));
      rack->set_parent(root);
      // The ToR switch is the rack's gateway: a router reached with no extra link.
      tor = rack->create_router(fmt::format("rack{}-tor", racks));
      rack->add_route(tor, nullptr, nullptr, nullptr, {}, false);
      rack->add_route(nullptr, tor, nullptr, nullptr, {}, false);
      auto* uplink = root->create_split_duplex_link(fmt::format("rack{}-uplink", racks),
                                                    s.network.uplink_bandwidth)
                         ->set_latency(lat)
                         ->seal();
      attach_to(root, rack, tor, uplink, core);
      open_racks.push_back(rack);
      in_rack = 0;
      ++racks;
    }
    ++in_rack;
    return rack;
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
  attach(services, pf.storage, storage_link);
  set_power(pf.storage, 0, 0);
  set_power(pf.control, 0, 0);

  int gpu_index = 0;
  for (size_t p = 0; p < s.pools.size(); ++p) {
    const PoolSpec& pool = s.pools[p];
    const GpuModel* model = s.catalog.find_gpu(pool.gpu_model);
    for (int i = 0; i < pool.count; ++i) {
      std::string name = fmt::format("{}[{}]", pool.name, i);
      sg4::NetZone* parent = server_parent();
      auto* zone = sg4::create_full_zone("zone-" + name);
      zone->set_parent(parent);
      sg4::Host* server =
          zone->create_host(name, pool.server.core_speed)->set_core_count(pool.server.cpus);
      set_power(server, pool.server.idle_power_w, pool.server.max_power_w);
      for (int g = 0; g < pool.gpus_per_server; ++g) {
        sg4::Host* gpu = zone->create_host(fmt::format("{}/gpu{}", name, g), kGpuSpeed);
        set_power(gpu, model->idle_power_w, model->max_power_w);
        auto* link =
            zone->create_link(fmt::format("{}/hostlink{}", name, g), model->host_link_bandwidth)
                ->seal();
        zone->add_route(server->get_netpoint(), gpu->get_netpoint(), nullptr, nullptr,
                        {sg4::LinkInRoute(link)}, true);
        pf.gpus.push_back(gpu);
        ++gpu_index;
      }
      zone->seal();
      auto* nic =
          parent->create_split_duplex_link("nic-" + name, pool.server.nic_bandwidth)->seal();
      if (two_tier)
        attach_to(parent, zone, server->get_netpoint(), nic, nullptr);
      else
        attach(zone, server, nic);
      pf.servers.push_back(server);
      pf.server_pool.push_back(static_cast<int>(p));
      pf.server_names.push_back(name);
    }
  }
  for (auto* r : open_racks) r->seal();
  root->seal();
  return pf;
}

}  // namespace vgpusim::engine
