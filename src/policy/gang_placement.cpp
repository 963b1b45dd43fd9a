#include "vgpusim/policy/gang_placement.hpp"

#include <algorithm>
#include <numeric>

#include "vgpusim/policy/fit.hpp"

namespace vgpusim {
namespace {

// Quick refusal before visiting every GPU: the free capacity of the whole cluster cannot
// hold the gang (a deep queue of waiting gangs costs a subtraction each, not a scan).
bool cannot_fit_anyway(const Request& r, const ClusterState& c) {
  const int64_t free = c.total_gpus() * 1000 - c.allocated_milli();
  return free < static_cast<int64_t>(r.gpu.gpus_needed()) * fit::unit_milli(r.gpu, c.catalog());
}

GangDecision decide(const Request& r, const ClusterState& c, const std::vector<int>& order) {
  if (auto g = fill_gang(c, r, order)) return PlaceGangDecision{std::move(*g)};
  return WaitDecision{};
}

// Server indices by decreasing `units`, lowest index on ties; servers hosting none left out.
std::vector<int> by_units(const std::vector<int>& servers, const std::vector<int>& units) {
  std::vector<int> order;
  for (int s : servers)
    if (units[static_cast<size_t>(s)] > 0) order.push_back(s);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return units[static_cast<size_t>(a)] > units[static_cast<size_t>(b)];
  });
  return order;
}

std::vector<int> units_per_server(const Request& r, const ClusterState& c) {
  std::vector<int> units(c.servers().size(), 0);
  for (size_t s = 0; s < units.size(); ++s) units[s] = gang_units_on(c, r, static_cast<int>(s));
  return units;
}

}  // namespace

GangDecision fewest_servers_gang(const Request& r, const ClusterState& c) {
  if (cannot_fit_anyway(r, c)) return WaitDecision{};
  std::vector<int> all(c.servers().size());
  std::iota(all.begin(), all.end(), 0);
  return decide(r, c, by_units(all, units_per_server(r, c)));
}

GangDecision fewest_racks_gang(const Request& r, const ClusterState& c, int max_racks) {
  if (cannot_fit_anyway(r, c)) return WaitDecision{};
  const std::vector<int> units = units_per_server(r, c);
  const auto racks = static_cast<size_t>(c.rack_count());
  std::vector<int> rack_units(racks, 0);
  std::vector<std::vector<int>> rack_servers(racks);
  for (size_t s = 0; s < units.size(); ++s) {
    const auto k = static_cast<size_t>(c.rack_of(static_cast<int>(s)));
    rack_units[k] += units[s];
    rack_servers[k].push_back(static_cast<int>(s));
  }
  std::vector<int> rack_order(racks);
  std::iota(rack_order.begin(), rack_order.end(), 0);
  std::stable_sort(rack_order.begin(), rack_order.end(), [&](int a, int b) {
    return rack_units[static_cast<size_t>(a)] > rack_units[static_cast<size_t>(b)];
  });
  // The racks with most room first: the fewest racks whose room covers the gang.
  std::vector<int> chosen;
  int room = 0, used = 0;
  for (int k : rack_order) {
    const auto rk = static_cast<size_t>(k);
    if (room >= r.gpu.gpus_needed() || rack_units[rk] == 0) break;
    if (max_racks > 0 && used == max_racks) return WaitDecision{};
    room += rack_units[rk];
    ++used;
    chosen.insert(chosen.end(), rack_servers[rk].begin(), rack_servers[rk].end());
  }
  if (room < r.gpu.gpus_needed()) return WaitDecision{};
  return decide(r, c, by_units(chosen, units));
}

}  // namespace vgpusim
