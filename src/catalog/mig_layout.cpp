#include "vgpusim/catalog/mig_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace vgpusim {

namespace {

// Occupancy of one GPU while placing: a bit per memory slice, compute used, count per profile,
// and the board's compute slices (7 on A100/H100/B200, 4 on A30: the geometry is per board).
struct State {
  unsigned mask = 0;
  int compute = 0;
  int compute_limit = 7;
  std::vector<int> count;  // indexed like GpuModel::mig_profiles
};

State empty_state(const GpuModel& gpu) {
  State s;
  s.compute_limit = gpu.mig_compute_slices;
  s.count.assign(gpu.mig_profiles.size(), 0);
  return s;
}

unsigned span_mask(const MigProfile& p, int start) {
  return ((1u << p.memory_slices) - 1u) << start;
}

bool valid_start(const MigProfile& p, int start) {
  return std::find(p.starts.begin(), p.starts.end(), start) != p.starts.end();
}

bool fits(const MigProfile& p, size_t index, const State& s, int start) {
  return valid_start(p, start) && (s.mask & span_mask(p, start)) == 0 &&
         s.compute + p.compute_slices <= s.compute_limit && s.count[index] < p.max_instances;
}

void add(const MigProfile& p, size_t index, State& s, int start) {
  s.mask |= span_mask(p, start);
  s.compute += p.compute_slices;
  ++s.count[index];
}

void remove(const MigProfile& p, size_t index, State& s, int start) {
  s.mask &= ~span_mask(p, start);
  s.compute -= p.compute_slices;
  --s.count[index];
}

std::string known_profiles(const GpuModel& gpu) {
  std::string out;
  for (const auto& p : gpu.mig_profiles) out += (out.empty() ? "" : ", ") + p.name;
  return out.empty() ? "none (the board has no MIG)" : out;
}

std::string starts_text(const MigProfile& p) {
  std::string out;
  for (int s : p.starts) out += (out.empty() ? "" : ",") + std::to_string(s);
  return "{" + out + "}";
}

size_t index_of(const GpuModel& gpu, const MigProfile* p) {
  return static_cast<size_t>(p - gpu.mig_profiles.data());
}

// Builds the state of already-placed instances; false (with why) if one is unknown.
bool state_of(const GpuModel& gpu, const std::vector<MigInstance>& placed, State& s,
              std::string* why) {
  s = empty_state(gpu);
  for (const auto& inst : placed) {
    const MigProfile* p = gpu.find_mig_profile(inst.profile);
    if (!p) {
      if (why) *why = fmt::format("unknown MIG profile '{}'", inst.profile);
      return false;
    }
    add(*p, index_of(gpu, p), s, inst.start);
  }
  return true;
}

struct Enumerator {
  const GpuModel& gpu;
  std::vector<size_t> allowed;  // profile indices, in the order branches are tried
  State state;
  std::vector<MigInstance> current;
  std::vector<MigLayout> out;

  void run(int min_start) {
    bool any_fits = false;
    for (size_t i : allowed) {
      const MigProfile& p = gpu.mig_profiles[i];
      for (int start : p.starts) {
        if (!fits(p, i, state, start)) continue;
        any_fits = true;
        // Instances never share a start, so taking them in increasing start order generates
        // each layout exactly once; fits at earlier starts still count against maximality.
        if (start < min_start) continue;
        add(p, i, state, start);
        current.push_back({p.name, start});
        run(start + 1);
        current.pop_back();
        remove(p, i, state, start);
      }
    }
    if (!any_fits && !current.empty()) out.push_back(MigLayout{current});
  }
};

}  // namespace

int MigLayout::compute_slices(const GpuModel& gpu) const {
  int sum = 0;
  for (const auto& i : instances) {
    if (const MigProfile* p = gpu.find_mig_profile(i.profile)) sum += p->compute_slices;
  }
  return sum;
}

int MigLayout::memory_slices(const GpuModel& gpu) const {
  int sum = 0;
  for (const auto& i : instances) {
    if (const MigProfile* p = gpu.find_mig_profile(i.profile)) sum += p->memory_slices;
  }
  return sum;
}

std::string MigLayout::to_string() const {
  std::string out;
  for (const auto& i : instances) {
    out += fmt::format("{}{}@{}", out.empty() ? "" : " + ", i.profile, i.start);
  }
  return out;
}

std::string MigLayout::profiles_string() const {
  std::vector<std::string> names;
  for (const auto& i : instances) names.push_back(i.profile);
  // "7g..." sorts after "1g..." as text: order by the leading slice count, largest first.
  std::stable_sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    return std::stoi(a) > std::stoi(b);
  });
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : " + ") + n;
  return out;
}

std::vector<MigLayout> maximal_mig_layouts(const GpuModel& gpu, const MigLayoutOptions& options) {
  Enumerator e{gpu, {}, empty_state(gpu), {}, {}};
  for (size_t i = 0; i < gpu.mig_profiles.size(); ++i) {
    const std::string& name = gpu.mig_profiles[i].name;
    bool me = name.ends_with("+me");
    bool listed =
        options.profiles.empty() ||
        std::find(options.profiles.begin(), options.profiles.end(), name) != options.profiles.end();
    if (listed && (!me || options.include_media_extensions)) e.allowed.push_back(i);
  }
  // Largest profiles first, so that the list reads 7g, 4g+..., 3g+..., like NVIDIA's table.
  std::stable_sort(e.allowed.begin(), e.allowed.end(), [&](size_t a, size_t b) {
    const auto& pa = gpu.mig_profiles[a];
    const auto& pb = gpu.mig_profiles[b];
    if (pa.compute_slices != pb.compute_slices) return pa.compute_slices > pb.compute_slices;
    return pa.memory_slices > pb.memory_slices;
  });
  e.run(0);
  return std::move(e.out);
}

bool mig_instance_fits(const GpuModel& gpu, const std::vector<MigInstance>& placed,
                       std::string_view profile, int start, std::string* why) {
  const MigProfile* p = gpu.find_mig_profile(profile);
  if (!p) {
    if (why) {
      *why = fmt::format("unknown MIG profile '{}' for {}; known: {}", profile, gpu.name,
                         known_profiles(gpu));
    }
    return false;
  }
  State s;
  if (!state_of(gpu, placed, s, why)) return false;
  size_t i = index_of(gpu, p);
  if (fits(*p, i, s, start)) return true;
  if (why) {
    if (!valid_start(*p, start)) {
      *why =
          fmt::format("{} cannot start at {} (valid starts {})", p->name, start, starts_text(*p));
    } else if (s.count[i] >= p->max_instances) {
      *why = fmt::format("at most {} {} per GPU", p->max_instances, p->name);
    } else if (s.compute + p->compute_slices > s.compute_limit) {
      *why = fmt::format("{} needs {} compute slices, only {} of {} free", p->name,
                         p->compute_slices, s.compute_limit - s.compute, s.compute_limit);
    } else {
      *why = fmt::format("{} at {} overlaps memory slices already in use", p->name, start);
    }
  }
  return false;
}

std::vector<int> free_mig_starts(const GpuModel& gpu, const std::vector<MigInstance>& placed,
                                 std::string_view profile) {
  std::vector<int> out;
  const MigProfile* p = gpu.find_mig_profile(profile);
  State s;
  if (!p || !state_of(gpu, placed, s, nullptr)) return out;
  for (int start : p->starts) {
    if (fits(*p, index_of(gpu, p), s, start)) out.push_back(start);
  }
  return out;
}

bool place_mig_layout(const GpuModel& gpu, const std::vector<std::string>& profiles,
                      std::vector<int>* starts, std::string* why) {
  auto fail = [&](std::string msg) {
    if (why) *why = std::move(msg);
    return false;
  };
  if (!gpu.mig_capable) return fail(fmt::format("{} does not support MIG", gpu.name));
  std::vector<const MigProfile*> ps;
  int compute = 0, memory = 0;
  std::vector<int> count(gpu.mig_profiles.size(), 0);
  for (const auto& name : profiles) {
    const MigProfile* p = gpu.find_mig_profile(name);
    if (!p) {
      return fail(fmt::format("unknown MIG profile '{}' for {}; known: {}", name, gpu.name,
                              known_profiles(gpu)));
    }
    ps.push_back(p);
    compute += p->compute_slices;
    memory += p->memory_slices;
    if (++count[index_of(gpu, p)] > p->max_instances) {
      return fail(fmt::format("at most {} {} per GPU", p->max_instances, p->name));
    }
  }
  if (compute > gpu.mig_compute_slices) {
    return fail(fmt::format("the profiles need {} compute slices; {} has {}", compute, gpu.name,
                            gpu.mig_compute_slices));
  }
  if (memory > gpu.mig_memory_slices) {
    return fail(fmt::format("the profiles need {} memory slices; {} has {}", memory, gpu.name,
                            gpu.mig_memory_slices));
  }
  // Backtracking over start positions, most constrained (largest, fewest starts) first.
  std::vector<size_t> order(ps.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (ps[a]->memory_slices != ps[b]->memory_slices) {
      return ps[a]->memory_slices > ps[b]->memory_slices;
    }
    return ps[a]->starts.size() < ps[b]->starts.size();
  });
  State s = empty_state(gpu);
  std::vector<int> chosen(ps.size(), -1);
  auto search = [&](auto& self, size_t k) -> bool {
    if (k == order.size()) return true;
    const MigProfile& p = *ps[order[k]];
    size_t i = index_of(gpu, &p);
    for (int start : p.starts) {
      if (!fits(p, i, s, start)) continue;
      add(p, i, s, start);
      chosen[order[k]] = start;
      if (self(self, k + 1)) return true;
      remove(p, i, s, start);
    }
    return false;
  };
  if (!search(search, 0)) {
    std::string rules;
    for (const MigProfile* p : ps) {
      std::string r =
          fmt::format("{} starts {} size {}", p->name, starts_text(*p), p->memory_slices);
      if (rules.find(r) == std::string::npos) rules += (rules.empty() ? "" : "; ") + r;
    }
    return fail(fmt::format("no non-overlapping placement on the {} memory slices ({})",
                            gpu.mig_memory_slices, rules));
  }
  if (starts) *starts = std::move(chosen);
  return true;
}

}  // namespace vgpusim
