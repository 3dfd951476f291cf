#include "store/uid_ranges.hpp"

#include <algorithm>

namespace cairn::store {

uid_ranges to_ranges(std::vector<uid_t> uids) {
  std::sort(uids.begin(), uids.end());
  uid_ranges out;
  for (uid_t u : uids) {
    if (!out.empty() && (u == out.back().last || u == out.back().last + 1)) {
      out.back().last = u;
    } else {
      out.push_back({u, u});
    }
  }
  return out;
}

uid_ranges normalize(uid_ranges ranges) {
  std::erase_if(ranges, [](const uid_range& r) { return r.first > r.last; });
  std::sort(ranges.begin(), ranges.end(),
            [](const uid_range& a, const uid_range& b) { return a.first < b.first; });
  uid_ranges out;
  for (const auto& r : ranges) {
    // Widen to 64 bits: last + 1 must not wrap at UINT32_MAX.
    if (!out.empty() && static_cast<std::uint64_t>(out.back().last) + 1 >= r.first) {
      out.back().last = std::max(out.back().last, r.last);
    } else {
      out.push_back(r);
    }
  }
  return out;
}

bool contains(const uid_ranges& ranges, uid_t uid) noexcept {
  auto it = std::upper_bound(ranges.begin(), ranges.end(), uid,
                             [](uid_t u, const uid_range& r) { return u < r.first; });
  if (it == ranges.begin()) return false;
  --it;
  return uid <= it->last;
}

std::uint64_t count(const uid_ranges& ranges) noexcept {
  std::uint64_t n = 0;
  for (const auto& r : ranges) n += static_cast<std::uint64_t>(r.last) - r.first + 1;
  return n;
}

}  // namespace cairn::store
