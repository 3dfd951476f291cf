#pragma once
// SEARCH in the embedded store: the shared evaluator (store/search_eval.hpp)
// fed from SQLite, with the FTS5 trigram index (schema.cpp, mail_v2) to
// answer BODY, TEXT and HEADER without reading messages. Internal to
// store/sqlite/; docs/search.md has the design.
//
// The index's life:
//  - ingest prepares each message's text outside any lock (search_data);
//    account::append indexes it in the same transaction that adds the
//    message (search_on_append). Texts above the inline limit, and
//    messages appended without search_data, are left to the background;
//  - the background indexer (indexer.hpp) runs index_some(): it indexes
//    what is pending and removes the text of blobs no message uses any
//    more, before the blob collector may delete them;
//  - a contentless FTS5 table removes a document only when given its text
//    again: index_some re-derives it from the blob and removes it only when
//    its hash matches what was indexed; otherwise the entry stays, unused
//    (search_docs no longer names its rowid), and is counted as stale; past
//    a share of stale entries the index is rebuilt;
//  - when search_text_version() changes (a new text format or a new Unicode
//    version in ICU), check_search_version() empties the index and marks
//    every blob pending, so the index never holds text the scan would not
//    derive.
#include <chrono>
#include <cstdint>

#include "base/result.hpp"
#include "store/search.hpp"
#include "store/sort.hpp"
#include "store/sqlite/blob_files.hpp"
#include "store/sqlite/db.hpp"

namespace cairn::store::sqlite {

// Text up to this size (header and body, folded) is indexed in the
// transaction that appends the message, when the ingest path prepared it
// (store::account::indexes_text_later is false); larger text by the
// background indexer.
inline constexpr std::size_t inline_index_text = 1024 * 1024;

// With embedded_options::index_later, how long new mail waits for the
// background indexer (indexer.hpp).
inline constexpr std::chrono::milliseconds new_mail_index_delay{1000};

// In account::append's transaction, once per message, after its blob row
// exists. Sets `deferred` when work was left for the background indexer.
result<void> search_on_append(connection& c, std::string_view hash_bytes, const search_data* data, bool& deferred);

// At open: resets the index when its text version is not the current one.
result<void> check_search_version(database& db);

result<search_result> search_mailbox(database& db, const blob_files& blobs, mailbox_id box, const search_key& key,
                                     const search_options& opt);

// account::sort_sources (store.hpp): the rows SORT and THREAD need, from
// messages joined to search_docs; header keys not stored yet are derived
// from the blob. `uids` null: every live message.
result<std::vector<sort_source>> sort_sources_of(database& db, const blob_files& blobs, mailbox_id box,
                                                 const std::vector<uid_t>* uids, unsigned fields,
                                                 std::chrono::steady_clock::time_point deadline);

struct index_work {
  std::size_t indexed = 0;    // documents added
  std::size_t removed = 0;    // documents removed (blobs no message uses)
  std::size_t stale = 0;      // documents that could not be removed exactly
  bool more = false;          // work remains
};
// Does up to `max` documents of each kind of work (only removals when
// `removals_only`). `max_text`: limits::search_index_text.
result<index_work> index_some(database& db, const blob_files& blobs, std::size_t max, std::size_t max_text,
                              bool removals_only = false);

struct index_stats {
  std::uint64_t docs = 0;       // search_docs rows (blobs)
  std::uint64_t indexed = 0;    // in the full-text index
  std::uint64_t pending = 0;    // waiting for the background indexer
  std::uint64_t too_large = 0;  // never indexed: always read
  std::uint64_t stale = 0;      // entries left behind (see above)
  std::uint64_t index_bytes = 0;  // pages of search_fts's tables
  std::uint64_t keys_bytes = 0;   // pages of search_docs
};
result<index_stats> search_index_stats(database& db);

// Whether the background indexer has anything to do in this database.
result<bool> index_work_pending(database& db);

}  // namespace cairn::store::sqlite
