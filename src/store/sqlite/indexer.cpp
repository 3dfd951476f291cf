#include "store/sqlite/indexer.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>

#include "base/log.hpp"
#include "store/sqlite/account.hpp"

namespace cairn::store::sqlite {

namespace {
// Documents per batch: a batch's write transaction (FTS inserts) stays in
// the tens of milliseconds, so writers of the account hardly wait.
constexpr std::size_t batch = 32;
}  // namespace

search_indexer::search_indexer() : thread_([this] { run(); }) {}

search_indexer::~search_indexer() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void search_indexer::wake(const std::shared_ptr<sqlite_account>& acct, std::chrono::milliseconds delay) {
  if (!acct || acct->index_queued.exchange(true)) return;
  {
    std::lock_guard lk(mu_);
    queue_.push_back({acct, std::chrono::steady_clock::now() + delay});
  }
  cv_.notify_one();
}

void search_indexer::run() {
  // Sessions come first: this thread's work can always wait.
  (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
  std::unique_lock lk(mu_);
  while (true) {
    cv_.wait(lk, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    // The entry due first (the queue is short: one entry per account).
    auto next = std::min_element(queue_.begin(), queue_.end(),
                                 [](const entry& a, const entry& b) { return a.due < b.due; });
    if (next->due > std::chrono::steady_clock::now()) {
      // Until it is due, or until a wake or the destructor says otherwise.
      cv_.wait_until(lk, next->due);
      continue;
    }
    std::shared_ptr<sqlite_account> acct = next->acct.lock();
    queue_.erase(next);
    if (!acct) continue;
    lk.unlock();
    acct->index_queued = false;
    auto r = acct->index_some(batch);
    if (!r) log::warn("search_index_failed", {{"account", acct->id()}, {"error", r.error().message()}});
    // More to do: back of the queue, so that every account gets its turn.
    // A failure is not retried until something wakes the account again.
    if (r && r->more) wake(acct);
    acct.reset();
    lk.lock();
  }
}

}  // namespace cairn::store::sqlite
