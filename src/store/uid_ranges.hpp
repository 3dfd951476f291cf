#pragma once
// Helpers for uid_ranges (types.hpp): inclusive ranges, ascending,
// non-overlapping. Pure functions, shared by every backend.
#include <cstdint>
#include <vector>

#include "store/types.hpp"

namespace cairn::store {

// The ranges covering `uids` (any order, duplicates allowed), merged.
uid_ranges to_ranges(std::vector<uid_t> uids);
// Sorts and merges overlapping or adjacent ranges; drops ranges with
// first > last.
uid_ranges normalize(uid_ranges ranges);
bool contains(const uid_ranges& ranges, uid_t uid) noexcept;
// Number of UIDs covered (ranges normalized).
std::uint64_t count(const uid_ranges& ranges) noexcept;

}  // namespace cairn::store
