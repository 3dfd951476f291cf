#pragma once
// SORT, THREAD and CANCELUPDATE arguments. Pure.
//  - SORT (RFC 5256 section 3, extended by RFC 5267 section 3 and RFC 5957):
//      ["RETURN" SP "(" opts ")" SP] "(" criteria ")" SP charset 1*(SP key)
//  - THREAD (RFC 5256 section 3): algorithm SP charset 1*(SP key)
//  - CANCELUPDATE (RFC 5267 section 4.3.5): 1*(SP quoted)
//
// Contract: each reader takes a parser positioned at the first argument and
// reads to the end of the command; it returns the arguments, or nullopt
// with the parser's error() set to a reason fit for a tagged BAD (unknown
// sort key, empty criteria list, REVERSE without a key, a missing charset,
// any error of the search program: see protocol/search.hpp, whose depth
// bound applies). The charset is returned as sent: whether it is known is
// the caller's to decide (NO [BADCHARSET], RFC 5256). An unknown threading
// algorithm is returned as its name (thread_algorithm::unknown): the
// command answers it with BAD like Dovecot, after the syntax is known good.
// Memory: the criteria list is bounded by the command line (each key is at
// least 3 bytes).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/parser.hpp"
#include "protocol/search.hpp"

namespace cairn::proto {

enum class sort_key : std::uint8_t { arrival, cc, date, from, size, subject, to, display_from, display_to };

struct sort_criterion {
  sort_key key = sort_key::arrival;
  bool reverse = false;
  bool operator==(const sort_criterion&) const = default;
};

struct sort_args {
  std::optional<search_return> ret;  // present when RETURN was given (ESORT)
  std::vector<sort_criterion> criteria;
  std::string charset;
  search_key program;
};

enum class thread_algorithm : std::uint8_t { orderedsubject, references, unknown };

struct thread_args {
  thread_algorithm algorithm = thread_algorithm::references;
  std::string algorithm_name;  // as sent, upper case
  std::string charset;
  search_key program;
};

std::optional<sort_args> read_sort(parser& p, unsigned max_depth = 100);
std::optional<thread_args> read_thread(parser& p, unsigned max_depth = 100);
// The tags of CANCELUPDATE, in order (duplicates kept).
std::optional<std::vector<std::string>> read_cancelupdate(parser& p);

// The name of a sort key as RFC 5256 / RFC 5957 spell it.
std::string_view name_of(sort_key k);

}  // namespace cairn::proto
