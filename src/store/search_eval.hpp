#pragma once
// The search evaluator every backend shares: it decides, message by message,
// whether a search_key (store/search.hpp) matches, from what the backend
// loaded about each live message (a search_row), from the answers of the
// backend's full-text index where it has one (probes), and otherwise by
// reading the message and deriving its text (store/search_text.hpp): the
// scan, which is also the reference the index must agree with.
//
// A backend:
//   search_program prog(key, keyword_number, use_index);
//   rows = load what prog.needs() asks for, ascending by UID;
//   for each prog.probes()[i]: answers[i] = sorted document ids whose text
//     contains the probe's phrases (or nullopt: no index);
//   prog.run(rows, answers, read_message, deadline, stats)
//
// Cost: per message, cheap keys (flags, dates, sizes, UIDs) are tried
// before header keys, and those before text, so AND and OR stop early; a
// message is read at most once per search, and only when a text key cannot
// be answered otherwise. Recursion follows the key's depth, which the
// protocol layer bounds (limits::nesting).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "store/search.hpp"
#include "store/types.hpp"

namespace cairn::store {

// One live message as the backend loaded it. Small, since a search may
// load a whole mailbox: what a search does not need stays empty.
struct search_row {
  uid_t uid = 0;
  std::uint8_t flags = 0;
  bool has_keys = false;  // header keys stored at ingest (else the message is read)
  bool indexed = false;   // in the full-text index, as document `doc`
  zoned_time internal_date;
  std::uint64_t size = 0;
  modseq_t modseq = 0;
  std::int64_t doc = 0;
  // What read_message needs to find the message: the backend's own
  // reference (the embedded store: its blob's id).
  std::int64_t blob = 0;
  std::vector<std::uint32_t> keywords;  // the mailbox's keyword numbers
  std::unique_ptr<header_keys> keys;    // the slots search_needs asks for
};

struct search_needs {
  bool flags = false, keywords = false, dates = false, sizes = false;
  bool keys = false;   // header keys (from, to, cc, bcc, subject, sent dates, some HEADER)
  bool text = false;   // index state and blobs (body, text, header)
  // Which header keys: bits of search_key_slot (1 << slot).
  unsigned key_slots = 0;
};

// The members of header_keys, as bit numbers for search_needs::key_slots.
enum search_key_slot : unsigned {
  slot_date, slot_subject, slot_from, slot_to, slot_cc, slot_bcc, slot_message_id, slot_in_reply_to,
  slot_references,
};

// A question for the full-text index: the documents whose `column` text
// contains every phrase (already folded).
struct search_probe {
  enum class where : std::uint8_t { header, body, both } column = where::both;
  std::vector<std::string> phrases;
};

using message_reader = std::function<result<std::string>(const search_row&)>;

class search_program {
 public:
  // `keyword_number`: the mailbox's number for a keyword, or -1 if it has
  // none (then no message has it). With `use_index` false there are no
  // probes and every text key reads the message.
  search_program(const search_key& key, const std::function<int(std::string_view)>& keyword_number, bool use_index);
  ~search_program();
  search_program(const search_program&) = delete;
  search_program& operator=(const search_program&) = delete;

  const search_needs& needs() const { return needs_; }
  const std::vector<search_probe>& probes() const { return probes_; }
  // Probes every match must satisfy (those of the key's top-level AND):
  // an indexed message outside such a probe's answer cannot match, so a
  // backend may load only the answer's messages and those not indexed.
  std::vector<std::size_t> required_probes() const;

  // The UIDs of `rows` that match, ascending. `answers[i]` answers
  // probes()[i]: sorted document ids, or nullopt when not asked. Errors:
  // timeout past the deadline; what read_message returns (a message whose
  // blob is gone, errc::not_found, counts as matching no text key).
  result<std::vector<uid_t>> run(const std::vector<search_row>& rows,
                                 const std::vector<std::optional<std::vector<std::int64_t>>>& answers,
                                 const message_reader& read_message,
                                 std::chrono::steady_clock::time_point deadline, search_stats& stats) const;

  struct node;  // internal

 private:
  std::vector<node> nodes_;  // nodes_[0] is the root
  search_needs needs_;
  std::vector<search_probe> probes_;
};

// Whether a stored header key value (header_keys: occurrences joined by
// '\n') contains `folded` (casemap of the search string) in one occurrence,
// decoded: exactly the test the evaluator makes. An empty `folded` matches
// any value. For backends that filter rows before loading them.
bool stored_value_contains(std::string_view stored, std::string_view folded);

}  // namespace cairn::store
