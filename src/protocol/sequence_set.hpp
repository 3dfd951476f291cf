#pragma once
// Sequence sets (RFC 9051 section 9: sequence-set, seq-number, "*", and "$"
// from RFC 5182 SEARCHRES). Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/parser.hpp"

namespace cairn::proto {

// "*" is kept as `star` until resolved against a mailbox.
inline constexpr std::uint32_t star = 0;

struct seq_range {
  std::uint32_t first = 0;  // as written; star for "*"
  std::uint32_t last = 0;
};

struct sequence_set {
  std::vector<seq_range> ranges;
  bool saved = false;  // "$": the result saved by SEARCH RETURN (SAVE)
  bool has_star() const;
};

// A resolved set: ascending, merged, inclusive ranges of real numbers.
struct number_range {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  bool operator==(const number_range&) const = default;
};
using number_ranges = std::vector<number_range>;

// Reads a sequence-set. At most `max_ranges` comma-separated items (the
// command-line limit bounds it anyway; this bounds the work per command).
std::optional<sequence_set> read_sequence_set(parser& p, std::size_t max_ranges = 1u << 20);

// Replaces "*" with `largest` (the number of messages, or the highest UID)
// and orders each range's ends (RFC 9051: "2:4" and "4:2" are the same).
// Values above `largest` are kept: callers clip (UIDs) or refuse (sequence
// numbers) as the RFC says for their command.
number_ranges resolve(const sequence_set& set, std::uint32_t largest);

// Ranges clipped to [1, max]; empty ranges dropped.
number_ranges clip(const number_ranges& r, std::uint32_t max);
bool contains(const number_ranges& r, std::uint32_t n);
std::uint64_t count(const number_ranges& r);
number_ranges merge(std::vector<number_range> r);

// Writes "1:3,5,7:9" (the compact form used by COPYUID, VANISHED, ESEARCH).
std::string to_string(const number_ranges& r);
// Compresses a sorted list of numbers into ranges.
number_ranges from_sorted(const std::vector<std::uint32_t>& sorted);

}  // namespace cairn::proto
