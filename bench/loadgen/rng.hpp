#pragma once
// splitmix64: small, fast, and the same on every platform (std::
// distributions are not specified bit for bit, and the generated mail and
// the choices of the load must never change for a given seed).
#include <array>
#include <cmath>
#include <cstdint>

namespace bench {

struct rng {
  std::uint64_t s;
  explicit rng(std::uint64_t seed) : s(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return n ? next() % n : 0; }
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  bool chance(double p) { return unit() < p; }
  double normal() {
    double u1 = unit(), u2 = unit();
    if (u1 < 1e-12) u1 = 1e-12;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) { return a[below(N)]; }
};

// A seed derived from two numbers (e.g. the run's seed and an index).
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  rng r(a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL));
  r.next();
  return r.next();
}

}  // namespace bench
