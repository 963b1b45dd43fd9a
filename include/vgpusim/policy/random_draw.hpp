#pragma once
// Portable random draws on std::mt19937_64. The standard distributions are
// implementation-defined (libstdc++ and libc++ give different streams), so every draw the
// simulator's results depend on goes through these, which are specified exactly:
//  - draw_below(rng, n): Lemire's multiply-shift with rejection (unbiased); consumes one
//    64-bit output per attempt.
//  - draw_unit(rng): the top 53 bits of one output, divided by 2^53, in [0, 1).
//  - shuffle_portable: Fisher-Yates from the back, j = draw_below(rng, i + 1).
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace vgpusim {

__extension__ typedef unsigned __int128 Uint128;  // GCC/Clang; silences -Wpedantic

inline uint64_t draw_below(std::mt19937_64& rng, uint64_t n) {
  if (n <= 1) return 0;
  // Lemire, "Fast Random Integer Generation in an Interval" (2019), with the exact
  // rejection threshold: (2^64 - n) mod n == (-n) % n.
  const uint64_t threshold = (0 - n) % n;
  for (;;) {
    const Uint128 m = static_cast<Uint128>(rng()) * n;
    if (static_cast<uint64_t>(m) >= threshold) return static_cast<uint64_t>(m >> 64);
  }
}

inline double draw_unit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

template <typename T>
void shuffle_portable(std::vector<T>& v, std::mt19937_64& rng) {
  for (size_t i = v.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(draw_below(rng, i));
    std::swap(v[i - 1], v[j]);
  }
}

/// SplitMix64 (Steele et al. 2014): decorrelates generators derived from one run seed
/// (the arrival stream and a policy's tie order must not replay the same draws).
inline uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// A seeded permutation of 0..n-1 (shuffle_portable on mt19937_64(splitmix64(seed))):
/// rank[i] is server i's position (lower wins ties).
inline std::vector<int> seeded_ranks(int n, uint64_t seed) {
  std::vector<int> order(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  std::mt19937_64 rng(splitmix64(seed));
  shuffle_portable(order, rng);
  std::vector<int> rank(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) rank[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
  return rank;
}

}  // namespace vgpusim
