#pragma once
// Flag arithmetic shared by every backend: how keywords compare, and what
// STORE FLAGS / +FLAGS / -FLAGS make of a message's flags. Pure functions.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/types.hpp"

namespace cairn::store {

// The system flag bits a message can carry (\Recent is not one: see types.hpp).
inline constexpr std::uint8_t system_flags_mask =
    flag_seen | flag_answered | flag_flagged | flag_deleted | flag_draft;

// Keywords compare case-insensitively in ASCII (RFC 9051 section 2.3.2:
// flags are atoms, and atoms compare without regard to case).
bool keyword_equal(std::string_view a, std::string_view b) noexcept;
bool keyword_less(std::string_view a, std::string_view b) noexcept;

// Sorts by keyword_less and drops later duplicates, keeping the first
// spelling seen.
void normalize_keywords(std::vector<std::string>& keywords);

// The flags a message has after `op` with `arg`. `old` and `arg` need not be
// normalized; the result is (system masked, keywords normalized). A keyword
// already present keeps its old spelling.
flags apply_flags(const flags& old, flag_op op, const flags& arg);

}  // namespace cairn::store
