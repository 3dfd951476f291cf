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
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
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

// What SORT and THREAD compare, derived once from a message's header_keys
// (only the fields asked for are filled). A message never changes, so a
// backend may keep these between commands (sqlite/sort_cache.hpp does).
struct derived_keys {
  std::int64_t sent_date = 0;      // field_date: RFC 5256 section 2.2, Date: else the internal date
  std::string subject;             // field_subject: base subject, folded (i;unicode-casemap)
  bool reply_or_forward = false;   // field_subject: the extraction removed a subj-refwd etc.
  std::string from, display_from;  // field_from: first addr-mailbox; RFC 5957 display value; folded
  std::string to, display_to;      // field_to
  std::string cc;                  // field_cc
  // field_thread, as numbers from an id_table: the normalised Message-ID
  // (0: none valid), and References, else the first In-Reply-To ID.
  std::uint32_t message_id = 0;
  std::vector<std::uint32_t> refs;
  // Bytes held beyond sizeof(derived_keys) (for a cache's budget).
  std::size_t heap_bytes() const;
};

// Message IDs as numbers 1, 2, ...: the same number for the same ID.
class id_table {
 public:
  std::uint32_t intern(std::string_view id);
  std::size_t size() const { return ids_.size(); }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
};

void derive_keys(const sort_source& src, unsigned fields, derived_keys& out, id_table& ids);

// One message to sort or thread: mailbox order is the order of the vector.
struct sort_item {
  uid_t uid = 0;
  std::int64_t arrival = 0;  // internal date, unix seconds
  std::uint64_t size = 0;
  const derived_keys* keys = nullptr;
};

// The rank of each item's key under `k` among `items` (folded strings or
// numbers): equal keys have equal ranks, and ranks order as the keys do.
// Ranks taken over a superset order any subset correctly, so a cache may
// keep them.
// With `values`, the distinct keys are appended to it in order (rank r is
// values->strings[r] or values->numbers[r]).
struct distinct_keys {
  std::vector<std::string> strings;   // string keys
  std::vector<std::int64_t> numbers;  // number keys
};
std::vector<std::uint32_t> key_ranks(const std::vector<sort_item>& items, order_key k,
                                     distinct_keys* values = nullptr);
bool is_string_key(order_key k);
// One item's key under `k`: a number (arrival, date, size) or a folded
// string (the others; empty for a number key).
std::int64_t number_key(const sort_item& item, order_key k);
const std::string& string_key(const derived_keys& keys, order_key k);

// Sorts `items` by the criteria; returns the UIDs in the requested order.
// `ranks`, when given, returns key_ranks(items, k) for every key (position
// by position), perhaps from a cache; without it numbers are compared as
// they are.
using rank_source = std::function<std::vector<std::uint32_t>(order_key)>;
std::vector<uid_t> sort_items(const std::vector<sort_item>& items, const std::vector<order_criterion>& criteria,
                              const rank_source& ranks = {});

// Sorts `rows` (ascending UID = mailbox order) by the criteria; returns the
// UIDs in the requested order (derive_keys, then sort_items).
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

// `items` need field_subject and field_date (and field_thread for
// REFERENCES) derived.
thread_tree thread_orderedsubject(const std::vector<sort_item>& items);
// `ids` is the table the items' message IDs were numbered by.
thread_tree thread_references(const std::vector<sort_item>& items, const id_table& ids);
// The same from sources (derive_keys first).
thread_tree thread_orderedsubject(const std::vector<sort_source>& rows);
thread_tree thread_references(const std::vector<sort_source>& rows);

enum class thread_algorithm : std::uint8_t { orderedsubject, references };
constexpr unsigned fields_for(thread_algorithm a) {
  return a == thread_algorithm::references ? field_subject | field_date | field_thread : field_subject | field_date;
}

// The THREAD response's data after "THREAD" (RFC 5256 section 4): " (1 2)(3)"
// or "" when there are no threads. `number` maps a UID to what the client
// reads (a sequence number or the UID itself).
template <class F>
std::string format_threads(const thread_tree& t, F&& number);

}  // namespace cairn::store

#include "store/sort_format.ipp"
