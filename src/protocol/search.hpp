#pragma once
// SEARCH and UID SEARCH arguments as a typed search program: RFC 9051
// section 6.4.4 and the search-key grammar of section 9, the keys IMAP4rev1
// had and IMAP4rev2 dropped (RFC 3501: NEW, OLD, RECENT), RETURN options
// (RFC 4731 ESEARCH: MIN MAX ALL COUNT; RFC 5182 SEARCHRES: SAVE), "$" as a
// sequence set (RFC 5182) and OLDER / YOUNGER (RFC 5032 WITHIN). Pure.
//
// Contract of read_search():
//  - Takes a parser positioned just after "SEARCH " and reads to the end of
//    the command; returns the program, or nullopt with the parser's error()
//    set to a reason fit for a tagged BAD (unknown key, bad date, a missing
//    argument, unbalanced parentheses, an unknown RETURN option, nesting
//    too deep).
//  - Nesting is bounded: every NOT, OR and parenthesised group is one level,
//    and a program deeper than `max_depth` (limits::nesting) is refused, so
//    "NOT NOT NOT ..." cannot exhaust the stack here or in an evaluator
//    that recurses over the result. Recursion depth here is at most
//    max_depth + 1.
//  - Strings are returned as the bytes sent: their CHARSET (or UTF-8) is the
//    caller's to convert, as it depends on the session (RFC 6855).
//  - Keywords of the grammar are case-insensitive; a KEYWORD argument keeps
//    the client's spelling.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/datetime.hpp"
#include "protocol/parser.hpp"
#include "protocol/sequence_set.hpp"

namespace cairn::proto {

enum class search_op : std::uint8_t {
  // Combinators: `children`.
  and_,   // every child matches (a parenthesised list, and the program itself)
  or_,    // children[0] or children[1]
  not_,   // children[0] does not match
  // Message sets: `set` ("$" when set.saved).
  sequence,  // sequence numbers
  uid,       // UIDs
  all,
  // Flags.
  answered, deleted, draft, flagged, seen,
  unanswered, undeleted, undraft, unflagged, unseen,
  recent, new_, old,   // IMAP4rev1 only (RFC 3501); RFC 9051 deprecates them
  keyword, unkeyword,  // `text`: the flag-keyword as sent
  // Dates: `date`, a calendar day.
  before, on, since,                 // INTERNALDATE
  sent_before, sent_on, sent_since,  // Date: header
  // WITHIN (RFC 5032): `number` seconds before now.
  older, younger,
  // RFC822.SIZE: `number`.
  larger, smaller,
  // CONDSTORE (RFC 7162 section 3.1.5): MODSEQ of at least `number`;
  // `field` is the entry-name ("/flags/\\seen") and `text` the entry type
  // when given (Cairn keeps one MODSEQ per message and ignores both, as the
  // RFC says).
  modseq,
  // Strings: `text` (bytes in the CHARSET).
  bcc, body, cc, from, subject, text, to,
  header,  // `field` (the header field name), `text`
};

struct search_key {
  search_op op = search_op::all;
  std::string field;
  std::string text;
  std::uint64_t number = 0;
  calendar_date date;
  sequence_set set;
  std::vector<search_key> children;
};

// PARTIAL first:last (RFC 5267 section 4.4, as extended by RFC 9394
// section 3.1): positions in the result, 1-based; negative positions count
// from the end (-1 is the last). Stored as sent, low and high ordered so
// that |first| <= |last| ("500:400" is "400:500").
struct partial_range {
  std::int64_t first = 0, last = 0;  // both > 0, or both < 0
};

// RETURN (...): what the ESEARCH answer holds. An empty list means ALL
// (RFC 4731 section 3.1; RFC 9051 section 6.4.4). CONTEXT, UPDATE and
// PARTIAL are RFC 5267's (CONTEXT=SEARCH, CONTEXT=SORT).
struct search_return {
  bool min = false, max = false, all = false, count = false, save = false;
  bool context = false, update = false;
  std::optional<partial_range> partial;
};

struct search_args {
  std::optional<search_return> ret;    // present when RETURN was given
  std::optional<std::string> charset;  // as sent
  search_key program;                  // op == and_, one child per top-level key
};

std::optional<search_args> read_search(parser& p, unsigned max_depth = 100);

// The pieces SORT and THREAD share with SEARCH (protocol/sort.hpp):
// "RETURN" SP was read; reads the parenthesised option list. A second
// PARTIAL, or PARTIAL with ALL, is refused (RFC 5267 section 4.4).
std::optional<search_return> read_search_return(parser& p);
// 1*(search-key *(SP search-key)) to the end of the command, as an and_
// program.
std::optional<search_key> read_search_program(parser& p, unsigned max_depth = 100);
// charset = atom / quoted.
std::optional<std::string> read_charset(parser& p);

// True when the program refers to "$" anywhere.
bool uses_saved(const search_key& k);
// True when the program has a MODSEQ key anywhere (RFC 7162: the answer then
// carries the highest MODSEQ, and the command enables CONDSTORE).
bool uses_modseq(const search_key& k);

}  // namespace cairn::proto
