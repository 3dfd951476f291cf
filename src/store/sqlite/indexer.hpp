#pragma once
// The embedded store's background indexer: one thread per backend that
// does each open account's pending full-text index work (sqlite/search.hpp,
// index_some) in small batches, so that no batch holds an account's write
// lock for long. Accounts ask for it (wake) when they open with work
// pending, when a message was too large to index on arrival, and after a
// purge leaves text to remove. It runs at a lower CPU priority than the
// sessions; an account that closes drops out of its queue (its work waits
// until it is opened again).
//
// New mail is indexed a moment after it arrives (wake's `delay`), not in the
// APPEND's own transaction: the APPEND stays small (the FTS5 pages of even a
// short text are tens of WAL pages), the client's next commands (a flag, an
// EXPUNGE) do not queue behind the indexing, a burst is indexed in batches,
// and a message expunged meanwhile is never indexed. SEARCH reads what is
// not indexed yet from the message itself, so its answers do not change.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace cairn::store::sqlite {

class sqlite_account;

class search_indexer {
 public:
  search_indexer();
  ~search_indexer();  // stops the thread after the batch in progress
  search_indexer(const search_indexer&) = delete;
  search_indexer& operator=(const search_indexer&) = delete;

  // Queues the account, to be served `delay` from now (once, however often
  // called before it is served: a later call does not move it).
  void wake(const std::shared_ptr<sqlite_account>& acct,
            std::chrono::milliseconds delay = std::chrono::milliseconds(0));

 private:
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  struct entry {
    std::weak_ptr<sqlite_account> acct;
    std::chrono::steady_clock::time_point due;
  };
  std::deque<entry> queue_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace cairn::store::sqlite
