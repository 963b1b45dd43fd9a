#include "platform_builder.hpp"

#include <fmt/format.h>

namespace sg4 = simgrid::s4u;

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

  auto attach = [&](sg4::NetZone* zone, sg4::Host* gateway, sg4::Link* nic) {
    root->add_route(zone->get_netpoint(), nullptr, gateway->get_netpoint(), nullptr,
                    {sg4::LinkInRoute(nic, sg4::LinkInRoute::Direction::UP), sg4::LinkInRoute(core)}, false);
    root->add_route(nullptr, zone->get_netpoint(), nullptr, gateway->get_netpoint(),
                    {sg4::LinkInRoute(nic, sg4::LinkInRoute::Direction::DOWN)}, false);
  };

  // Services: storage/registry and the control host where the scheduler actors live.
  auto* services = sg4::create_full_zone("services");
  services->set_parent(root);
  pf.storage = services->create_host("storage", 1e9);
  pf.control = services->create_host("control", 1e9);
  services->seal();
  auto* storage_link =
      root->create_split_duplex_link("storage-link", s.storage.bandwidth)->set_latency(s.storage.latency)->seal();
  attach(services, pf.storage, storage_link);
  set_power(pf.storage, 0, 0);
  set_power(pf.control, 0, 0);

  int gpu_index = 0;
  for (size_t p = 0; p < s.pools.size(); ++p) {
    const PoolSpec& pool = s.pools[p];
    const GpuModel* model = s.catalog.find_gpu(pool.gpu_model);
    for (int i = 0; i < pool.count; ++i) {
      std::string name = fmt::format("{}[{}]", pool.name, i);
      auto* zone = sg4::create_full_zone("zone-" + name);
      zone->set_parent(root);
      sg4::Host* server = zone->create_host(name, pool.server.core_speed)->set_core_count(pool.server.cpus);
      set_power(server, pool.server.idle_power_w, pool.server.max_power_w);
      for (int g = 0; g < pool.gpus_per_server; ++g) {
        sg4::Host* gpu = zone->create_host(fmt::format("{}/gpu{}", name, g), kGpuSpeed);
        set_power(gpu, model->idle_power_w, model->max_power_w);
        auto* link = zone->create_link(fmt::format("{}/hostlink{}", name, g), model->host_link_bandwidth)->seal();
        zone->add_route(server->get_netpoint(), gpu->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(link)}, true);
        pf.gpus.push_back(gpu);
        ++gpu_index;
      }
      zone->seal();
      auto* nic = root->create_split_duplex_link("nic-" + name, pool.server.nic_bandwidth)->seal();
      attach(zone, server, nic);
      pf.servers.push_back(server);
      pf.server_pool.push_back(static_cast<int>(p));
      pf.server_names.push_back(name);
    }
  }
  root->seal();
  return pf;
}

}  // namespace vgpusim::engine
