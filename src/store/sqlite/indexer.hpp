#pragma once
// The embedded store's background indexer: one thread per backend that
// does each open account's pending full-text index work (sqlite/search.hpp,
// index_some) in small batches, so that no batch holds an account's write
// lock for long. Accounts ask for it (wake) when they open with work
// pending, when a message was too large to index on arrival, and after a
// purge leaves text to remove. It runs at a lower CPU priority than the
// sessions; an account that closes drops out of its queue (its work waits
// until it is opened again).
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

  // Queues the account (once, however often called before it is served).
  void wake(const std::shared_ptr<sqlite_account>& acct);

 private:
  void run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::weak_ptr<sqlite_account>> queue_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace cairn::store::sqlite
