// imap::worker_pool: queued() counts a posted job until its captures are
// destroyed, so that queued() == 0 means nothing of a job is left running.
// (A purge posted by SELECT captures the account: destroyed after the count
// dropped, it closed the account, deleting its WAL, while the session
// fuzzer, seeing the pool idle, was replacing the account's folder.)
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "imap/workers.hpp"

using namespace std::chrono_literals;

namespace {

// Sleeps in its destructor, as closing an account (SQLite checkpoint) may.
struct slow_to_close {
  std::atomic<bool>* closed;
  ~slow_to_close() {
    std::this_thread::sleep_for(100ms);
    closed->store(true);
  }
};

}  // namespace

TEST(imap_worker_pool, PostedJobCountsUntilItsCapturesAreGone) {
  cairn::imap::worker_pool pool(1, 8);
  for (int round = 0; round < 3; ++round) {
    std::atomic<bool> ran{false}, closed{false};
    std::shared_ptr<slow_to_close> held(new slow_to_close{&closed});
    ASSERT_TRUE(pool.post([h = std::move(held), &ran] { ran = true; }));
    // Bounded: the job and its capture take about 100 ms.
    for (int i = 0; i < 5000 && pool.queued() > 0; ++i) std::this_thread::sleep_for(1ms);
    ASSERT_EQ(pool.queued(), 0u);
    EXPECT_TRUE(ran.load());
    EXPECT_TRUE(closed.load()) << "queued() reached 0 while the job's captures were still being destroyed";
  }
}
