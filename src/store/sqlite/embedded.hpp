#pragma once
// What the embedded backend shows beyond store::backend, for tests, metrics
// and `cairn check`. Sessions use store.hpp only.
#include <cstdint>

#include "store/store.hpp"

namespace cairn::store::sqlite {

struct account_write_stats {
  std::uint64_t commits = 0;  // write transactions committed
  std::uint64_t jobs = 0;     // changing calls that succeeded in them
  std::uint64_t queued = 0;   // changing calls waiting for the next commit
  std::uint64_t running = 0;  // changing calls in the commit being made
};

// The group-commit counters of an embedded account since it was opened
// (zeros for an account of another backend). jobs / commits is how many
// changing calls shared one fsync on average.
account_write_stats write_stats_of(account& acct);

// The full-text index of an embedded account (store/sqlite/search.hpp).
struct search_index_info {
  std::uint64_t docs = 0;         // message bodies (blobs) known to the index
  std::uint64_t indexed = 0;      // in the full-text index
  std::uint64_t pending = 0;      // waiting for the background indexer
  std::uint64_t too_large = 0;    // left out (limits.search_index_text): always read
  std::uint64_t stale = 0;        // entries that could not be removed exactly
  std::uint64_t index_bytes = 0;  // on disk: the FTS5 tables
  std::uint64_t keys_bytes = 0;   // on disk: the header keys and index state
};
result<search_index_info> search_index_of(account& acct);

// Does the background indexer's work for this account now: up to `max`
// documents indexed and `max` removed. Returns whether work remains.
// cannot for an account of another backend.
result<bool> build_search_index(account& acct, std::size_t max);

}  // namespace cairn::store::sqlite
