#pragma once
// SORT and THREAD over stored header keys (RFC 5256, RFC 5957), for every
// backend: the backend hands over each message's header_keys as ingest
// stored them (account::sort_sources, store.hpp); nothing here reads a
// message. Pure functions; docs/sort.md has the choices.
//
//  - base_subject(): RFC 5256 section 2.1, steps (1) to (6), exactly, on the
//    RFC 2047-decoded subject; says whether the extraction removed a
//    subj-refwd, a "(fwd)" trailer or a [fwd: ...] wrapper (a reply or
//    forward, for THREAD=REFERENCES step 5).
//  - Strings compare under i;unicode-casemap (RFC 5256 section 7 requires
//    I18NLEVEL=1's collation): each key is folded once (store/casemap.hpp)
//    and then compared as bytes, which is code point order.
//  - Ties keep mailbox order (RFC 5256 section 3: an implicit last criterion
//    of sequence number, which REVERSE does not reverse).
//  - Threads: ORDEREDSUBJECT and REFERENCES as RFC 5256 section 3 describes
//    them step by step, with message IDs normalised (quotes, comments and
//    white space removed), duplicates and loops handled as the RFC says.
//    No recursion: References chains may be as long as the header allows.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/types.hpp"

namespace cairn::store {

// What a backend gives for one message (only the header keys asked for are
// filled).
struct sort_source {
  uid_t uid = 0;
  zoned_time internal_date;
  std::uint64_t size = 0;
  header_keys keys;
};

// Which header keys sort_sources must fill.
enum sort_field : unsigned {
  field_subject = 1u << 0,
  field_from = 1u << 1,
  field_to = 1u << 2,
  field_cc = 1u << 3,
  field_date = 1u << 4,
  field_thread = 1u << 5,  // message_id, in_reply_to, references
};

// RFC 5256 section 2.1 on a raw (undecoded, unfolded) Subject: value. The
// result is UTF-8, not folded.
std::string base_subject(std::string_view raw_subject, bool* reply_or_forward = nullptr);

// The first message ID of a header value ("<a@b>" normalised to "a@b":
// quoted local parts unquoted, comments and white space dropped), or empty
// when there is none that is valid. `pos` is where to continue.
std::string next_message_id(std::string_view value, std::size_t& pos);
std::vector<std::string> message_ids(std::string_view value);

// The sort criteria, in store terms (protocol/sort.hpp's, mapped 1:1).
enum class order_key : std::uint8_t { arrival, cc, date, from, size, subject, to, display_from, display_to };
struct order_criterion {
  order_key key = order_key::arrival;
  bool reverse = false;
};
unsigned fields_for(const std::vector<order_criterion>& criteria);

// Sorts `rows` (ascending UID = mailbox order) by the criteria; returns the
// UIDs in the requested order.
std::vector<uid_t> sort_messages(const std::vector<sort_source>& rows, const std::vector<order_criterion>& criteria);

// A thread tree: nodes[i] is a message (uid != 0) or a dummy (uid == 0);
// `roots` are the top-level nodes, in order; children in order.
struct thread_tree {
  struct node {
    uid_t uid = 0;
    std::vector<std::uint32_t> children;
  };
  std::vector<node> nodes;
  std::vector<std::uint32_t> roots;
};

thread_tree thread_orderedsubject(const std::vector<sort_source>& rows);
thread_tree thread_references(const std::vector<sort_source>& rows);

// The THREAD response's data after "THREAD" (RFC 5256 section 4): " (1 2)(3)"
// or "" when there are no threads. `number` maps a UID to what the client
// reads (a sequence number or the UID itself).
template <class F>
std::string format_threads(const thread_tree& t, F&& number);

}  // namespace cairn::store

#include "store/sort_format.ipp"
