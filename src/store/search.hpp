#pragma once
// A search over one mailbox in store terms (account::search, store.hpp):
// what IMAP SEARCH asks once the session has resolved everything that is
// its own (sequence numbers, "$", \Recent, "now" for WITHIN) into UIDs,
// days and instants, and its strings into UTF-8. Plain data; any backend
// answers it with exactly these meanings (docs/search.md):
//
//  - Strings match as substrings under i;unicode-casemap (RFC 5051,
//    store/casemap.hpp). An empty string matches every message that has the
//    field (FROM "" too, as RFC 9051 says of HEADER).
//  - from/to/cc/bcc/subject and header: the decoded (RFC 2047), unfolded
//    value of any occurrence of the field in the message's own header.
//  - body: the text of the message's text/* parts after their transfer
//    encoding is undone and their charset converted to UTF-8 (RFC 9051
//    allows leaving out other media types); text: body, or any header field
//    of the message or of its parts ("Name: decoded value"); see
//    store/search_text.hpp for the exact text.
//  - Day keys compare calendar days (days since 1970-01-01) of the internal
//    date, or of the Date: header, each in its own offset; a message whose
//    Date: is missing or does not parse matches no sent_* key.
//  - Messages expunged but not yet purged never match.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "store/types.hpp"

namespace cairn::store {

struct search_key {
  enum class kind : std::uint8_t {
    all,
    none,
    and_,  // children all match (none: all)
    or_,   // any child matches (none: no message)
    not_,  // children[0] does not match
    uids,  // `uids`
    flag,  // every system flag bit in `number` is set
    keyword,  // `text` is set (keywords compare ASCII case-insensitively)
    before_day, on_day, since_day,                // internal date's day vs `number`
    sent_before_day, sent_on_day, sent_since_day,  // Date: header's day vs `number`
    at_or_before, at_or_after,  // internal date (unix seconds) vs `number` (RFC 5032)
    larger, smaller,            // RFC822.SIZE vs `number`
    modseq,                     // MODSEQ >= `number` (RFC 7162)
    from, to, cc, bcc, subject,  // `text`
    header,                      // field `name`, `text`
    body, text,                  // `text`
  };
  kind k = kind::all;
  std::string name;
  std::string text;  // UTF-8
  std::int64_t number = 0;
  uid_ranges uids;
  std::vector<search_key> children;
};

struct search_options {
  // Past this the search stops with errc::timeout (limits::command_time).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // False: read every message instead of asking the full-text index (the
  // reference path; tests compare the two).
  bool use_index = true;
};

// How a search was answered, for tests and logs.
struct search_stats {
  std::uint64_t rows = 0;           // live messages considered
  std::uint64_t index_lookups = 0;  // full-text index queries
  std::uint64_t scanned = 0;        // messages read from their blobs
};

struct search_result {
  std::vector<uid_t> uids;  // ascending
  std::vector<modseq_t> modseqs;  // of each of `uids`
  search_stats stats;
};

}  // namespace cairn::store
