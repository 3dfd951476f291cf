#include "auth/verifier.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <string>

using namespace cairn;
using namespace cairn::auth;
using namespace std::chrono_literals;

namespace {

const argon2_params fast{1, 1024, 1};

// A directory the test can change while the verifier runs, standing in for
// store::directory (and for another process running `cairn user passwd`).
class fake_directory {
 public:
  void set(const std::string& name, const std::string& password) {
    auto h = hash_password(password, fast);
    ASSERT_TRUE(h);
    set_hash(name, *h);
  }
  void set_hash(const std::string& name, const std::string& hash) {
    std::lock_guard lock(mutex_);
    users_[name] = store::user_record{name, "id-" + name, hash};
  }
  void erase(const std::string& name) {
    std::lock_guard lock(mutex_);
    users_.erase(name);
  }
  int lookups() const { return lookups_; }
  lookup_fn lookup() {
    return [this](std::string_view name) -> result<store::user_record> {
      ++lookups_;
      std::lock_guard lock(mutex_);
      auto it = users_.find(std::string(name));
      if (it == users_.end()) return errc::not_found;
      return it->second;
    };
  }

 private:
  std::mutex mutex_;
  std::map<std::string, store::user_record> users_;
  std::atomic<int> lookups_{0};
};

// A clock the test moves by hand.
struct manual_clock {
  std::atomic<std::chrono::steady_clock::rep> ticks{0};
  std::chrono::steady_clock::time_point now() const {
    return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(ticks.load()));
  }
  void advance(std::chrono::steady_clock::duration d) { ticks += d.count(); }
  steady_clock_fn fn() {
    return [this] { return now(); };
  }
};

verifier_options small_options(manual_clock* clock = nullptr) {
  verifier_options o;
  o.params = fast;
  o.workers = 2;
  if (clock) o.clock = clock->fn();
  return o;
}

// Runs one verification and waits for its answer.
result<verified_user> check(verifier& v, std::string_view name, std::string_view password,
                            lookup_fn lookup) {
  std::promise<result<verified_user>> p;
  auto f = p.get_future();
  v.verify(name, password, std::move(lookup),
           [&p](result<verified_user> r) { p.set_value(std::move(r)); });
  return f.get();
}

}  // namespace

TEST(auth_verifier, FoldsOnlyAscii) {
  EXPECT_EQ(fold_account_name("Alice@Example.ORG"), "alice@example.org");
  // Non-ASCII bytes pass through unchanged (no Unicode case folding).
  EXPECT_EQ(fold_account_name("\xc3\x89lodie@X"), "\xc3\x89lodie@x");
  EXPECT_EQ(fold_account_name(""), "");
}

TEST(auth_verifier, GoodAndBadPasswords) {
  fake_directory dir;
  dir.set("alice@example.org", "s3cret");
  verifier v(small_options());
  auto ok = check(v, "Alice@Example.org", "s3cret", dir.lookup());
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->user.name, "alice@example.org");
  EXPECT_EQ(ok->user.account_id, "id-alice@example.org");
  EXPECT_FALSE(ok->from_cache);
  EXPECT_FALSE(ok->needs_upgrade);

  auto bad = check(v, "alice@example.org", "S3cret", dir.lookup());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), errc::auth_failed);
  EXPECT_EQ(v.stats().verifications, 2u);
  EXPECT_EQ(v.stats().dummy_verifications, 0u);
}

TEST(auth_verifier, UnknownUserTakesTheDummyPath) {
  fake_directory dir;
  dir.set("alice", "s3cret");
  verifier v(small_options());
  auto r = check(v, "mallory", "s3cret", dir.lookup());
  ASSERT_FALSE(r);
  // Same answer as a wrong password...
  EXPECT_EQ(r.error(), errc::auth_failed);
  // ...after the same work: one argon2 check against the dummy hash.
  EXPECT_EQ(v.stats().dummy_verifications, 1u);
  EXPECT_EQ(v.stats().verifications, 0u);

  // Empty names and names with NUL never reach the directory but cost the same.
  int before = dir.lookups();
  EXPECT_EQ(check(v, "", "x", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(check(v, std::string("alice\0x", 7), "s3cret", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(dir.lookups(), before);
  EXPECT_EQ(v.stats().dummy_verifications, 3u);
}

TEST(auth_verifier, UncheckableRecordTakesTheDummyPath) {
  fake_directory dir;
  dir.set_hash("locked", "!");
  dir.set_hash("plain", "{PLAIN}s3cret");
  verifier v(small_options());
  EXPECT_EQ(check(v, "locked", "!", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(check(v, "plain", "s3cret", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(v.stats().dummy_verifications, 2u);
}

TEST(auth_verifier, DirectoryErrorsPassThrough) {
  verifier v(small_options());
  auto broken = [](std::string_view) -> result<store::user_record> { return errc::io_error; };
  EXPECT_EQ(check(v, "alice", "x", broken).error(), errc::io_error);
  auto throwing = [](std::string_view) -> result<store::user_record> {
    throw std::runtime_error("boom");
  };
  EXPECT_EQ(check(v, "alice", "x", throwing).error(), errc::internal);
  // The worker survived.
  EXPECT_EQ(check(v, "alice", "x", broken).error(), errc::io_error);
}

TEST(auth_verifier, ImportedHashesVerifyAndAskForUpgrade) {
  fake_directory dir;
  // openssl passwd -6 -salt saltsalt 'correct horse'
  dir.set_hash("bob", "{SHA512-CRYPT}$6$saltsalt$hRM5XZ86KXEw9UOmjigeVqFgULtFB2sgpC9lXQDfMib3Zgw7mEiUvBJI2EplzfAqxL5Vvwp2scFtv/uamSo5z0");
  verifier v(small_options());
  auto r = check(v, "bob", "correct horse", dir.lookup());
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->needs_upgrade);
  EXPECT_EQ(v.stats().dummy_verifications, 0u);
  // A wrong password against the cheap imported hash also pays for a dummy
  // argon2 check, so it is not quicker than an unknown user.
  EXPECT_EQ(check(v, "bob", "wrong", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(v.stats().dummy_verifications, 1u);
}

TEST(auth_verifier, WrongPasswordAtCurrentCostNeedsNoDummy) {
  fake_directory dir;
  dir.set("alice", "s3cret");
  verifier v(small_options());
  EXPECT_EQ(check(v, "alice", "wrong", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(v.stats().dummy_verifications, 0u);
}

TEST(auth_verifier, CacheHitMissAndInvalidation) {
  manual_clock clock;
  fake_directory dir;
  dir.set("alice", "s3cret");
  verifier v(small_options(&clock));

  ASSERT_TRUE(check(v, "alice", "s3cret", dir.lookup()));
  EXPECT_EQ(v.cache_size(), 1u);
  EXPECT_EQ(v.stats().verifications, 1u);

  // Hit: no hash computed, but the directory is still asked.
  int lookups = dir.lookups();
  auto hit = check(v, "ALICE", "s3cret", dir.lookup());
  ASSERT_TRUE(hit);
  EXPECT_TRUE(hit->from_cache);
  EXPECT_EQ(dir.lookups(), lookups + 1);
  EXPECT_EQ(v.stats().cache_hits, 1u);
  EXPECT_EQ(v.stats().verifications, 1u);

  // Miss: another password is checked in full (and fails).
  EXPECT_EQ(check(v, "alice", "s3cret2", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(v.stats().verifications, 2u);

  // Another process changes the password: the cached entry no longer
  // counts, the old password fails, the new one works.
  dir.set("alice", "n3w");
  EXPECT_EQ(check(v, "alice", "s3cret", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(v.stats().cache_hits, 1u);
  auto fresh = check(v, "alice", "n3w", dir.lookup());
  ASSERT_TRUE(fresh);
  EXPECT_FALSE(fresh->from_cache);
  EXPECT_TRUE(check(v, "alice", "n3w", dir.lookup())->from_cache);

  // Another process deletes the account: unknown user, cache or not.
  dir.erase("alice");
  EXPECT_EQ(check(v, "alice", "n3w", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(v.stats().dummy_verifications, 1u);
}

TEST(auth_verifier, CacheExpires) {
  manual_clock clock;
  fake_directory dir;
  dir.set("alice", "s3cret");
  auto o = small_options(&clock);
  o.cache_ttl = 300s;
  verifier v(o);
  ASSERT_TRUE(check(v, "alice", "s3cret", dir.lookup()));
  clock.advance(299s);
  EXPECT_TRUE(check(v, "alice", "s3cret", dir.lookup())->from_cache);
  clock.advance(1s);
  auto r = check(v, "alice", "s3cret", dir.lookup());
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->from_cache);
  // The fresh verification cached it again, from now.
  clock.advance(299s);
  EXPECT_TRUE(check(v, "alice", "s3cret", dir.lookup())->from_cache);
}

TEST(auth_verifier, ForgetDropsAnAccount) {
  fake_directory dir;
  dir.set("alice", "a");
  dir.set("bob", "b");
  verifier v(small_options());
  ASSERT_TRUE(check(v, "alice", "a", dir.lookup()));
  ASSERT_TRUE(check(v, "bob", "b", dir.lookup()));
  EXPECT_EQ(v.cache_size(), 2u);
  v.forget("ALICE");
  EXPECT_EQ(v.cache_size(), 1u);
  EXPECT_FALSE(check(v, "alice", "a", dir.lookup())->from_cache);
  EXPECT_TRUE(check(v, "bob", "b", dir.lookup())->from_cache);
}

TEST(auth_verifier, CacheIsBoundedOldestFirst) {
  manual_clock clock;
  fake_directory dir;
  auto o = small_options(&clock);
  o.cache_entries = 3;
  verifier v(o);
  for (const char* n : {"u1", "u2", "u3", "u4"}) {
    dir.set(n, "pw");
    ASSERT_TRUE(check(v, n, "pw", dir.lookup()));
    clock.advance(1s);
  }
  EXPECT_EQ(v.cache_size(), 3u);
  EXPECT_FALSE(check(v, "u1", "pw", dir.lookup())->from_cache);  // evicted, now back in
  EXPECT_TRUE(check(v, "u3", "pw", dir.lookup())->from_cache);
  EXPECT_TRUE(check(v, "u4", "pw", dir.lookup())->from_cache);
  EXPECT_FALSE(check(v, "u2", "pw", dir.lookup())->from_cache);  // evicted by u1
  EXPECT_EQ(v.cache_size(), 3u);
}

TEST(auth_verifier, CacheCanBeDisabled) {
  fake_directory dir;
  dir.set("alice", "a");
  auto o = small_options();
  o.cache_ttl = 0s;
  verifier v(o);
  ASSERT_TRUE(check(v, "alice", "a", dir.lookup()));
  EXPECT_FALSE(check(v, "alice", "a", dir.lookup())->from_cache);
  EXPECT_EQ(v.cache_size(), 0u);
}

namespace {
// Holds every lookup until opened, so the test controls when workers free up.
struct gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  int waiting = 0;
  void wait_for_waiters(int n) {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return waiting >= n; });
  }
  void release() {
    std::lock_guard lock(mutex);
    open = true;
    cv.notify_all();
  }
  lookup_fn lookup() {
    return [this](std::string_view) -> result<store::user_record> {
      std::unique_lock lock(mutex);
      ++waiting;
      cv.notify_all();
      cv.wait(lock, [&] { return open; });
      return errc::io_error;
    };
  }
};

struct answers {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::error_code> got;
  verify_callback callback() {
    return [this](result<verified_user> r) {
      std::lock_guard lock(mutex);
      got.push_back(r.error());
      cv.notify_all();
    };
  }
  void wait_for(std::size_t n) {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return got.size() >= n; });
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return got.size();
  }
  std::size_t count(std::error_code e) {
    std::lock_guard lock(mutex);
    return static_cast<std::size_t>(std::count(got.begin(), got.end(), e));
  }
};
}  // namespace

TEST(auth_verifier, FullQueueAnswersBusyAtOnce) {
  gate g;
  answers a;
  auto o = small_options();
  o.workers = 1;
  o.queue = 2;
  verifier v(o);
  v.verify("a", "x", g.lookup(), a.callback());  // taken by the worker
  g.wait_for_waiters(1);
  v.verify("b", "x", g.lookup(), a.callback());  // queued
  v.verify("c", "x", g.lookup(), a.callback());  // queued
  v.verify("d", "x", g.lookup(), a.callback());  // no room
  // The busy answer came before verify() returned, on this thread.
  {
    std::lock_guard lock(a.mutex);
    ASSERT_EQ(a.got.size(), 1u);
    EXPECT_EQ(a.got[0], errc::busy);
  }
  EXPECT_EQ(v.stats().busy, 1u);
  g.release();
  a.wait_for(4);
  EXPECT_EQ(a.count(errc::io_error), 3u);
  EXPECT_EQ(a.count(errc::busy), 1u);
}

TEST(auth_verifier, StopAnswersQueuedChecksBusy) {
  gate g;
  answers a;
  auto o = small_options();
  o.workers = 1;
  o.queue = 1000000;
  auto v = std::make_unique<verifier>(o);
  v->verify("a", "x", g.lookup(), a.callback());
  g.wait_for_waiters(1);
  v->verify("b", "x", g.lookup(), a.callback());
  v->verify("c", "x", g.lookup(), a.callback());
  std::thread stopper([&] { v->stop(); });
  // Wait until stop() has begun: from then on verify() answers busy on the
  // calling thread. (Until the gate opens, nothing else can answer.)
  answers probes;
  for (;;) {
    std::size_t before = probes.size();
    v->verify("probe", "x", g.lookup(), probes.callback());
    if (probes.size() > before) break;
    std::this_thread::yield();
  }
  // stop() waits for the running check; let it finish.
  g.release();
  stopper.join();
  a.wait_for(3);
  EXPECT_EQ(a.count(errc::io_error), 1u);  // the running one finished
  EXPECT_EQ(a.count(errc::busy), 2u);      // the queued ones were refused
  // After stop, everything is busy; destruction is clean.
  v->verify("d", "x", g.lookup(), a.callback());
  EXPECT_EQ(a.count(errc::busy), 3u);
  v.reset();
  // Probes queued before stop() began were refused with the rest.
  EXPECT_EQ(probes.count(errc::busy), probes.size());
}

TEST(auth_verifier, ManyConcurrentLogins) {
  // For TSan: many threads, two workers, cache hits and misses mixed.
  fake_directory dir;
  for (int i = 0; i < 4; ++i) dir.set("u" + std::to_string(i), "pw" + std::to_string(i));
  auto o = small_options();
  o.queue = 1000;
  verifier v(o);
  answers a;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string n = "u" + std::to_string((t + i) % 4);
        std::string p = (i % 3 == 0) ? "wrong" : "pw" + std::to_string((t + i) % 4);
        v.verify(n, p, dir.lookup(), a.callback());
        if (i == 5) v.forget(n);
      }
    });
  for (auto& t : threads) t.join();
  a.wait_for(40);
  std::size_t ok = a.count(std::error_code{});
  std::size_t failed = a.count(errc::auth_failed);
  EXPECT_EQ(ok + failed, 40u);
  EXPECT_EQ(failed, 16u);  // i = 0, 3, 6, 9 in each thread
}

TEST(auth_verifier, BadParamsThrow) {
  verifier_options o;
  o.params = {0, 1024, 1};
  EXPECT_THROW(verifier{o}, std::invalid_argument);
}

TEST(auth_verifier, DefaultParams) {
  // Startup computes one default-cost dummy hash; one unknown user costs
  // one default-cost check.
  verifier v;
  fake_directory dir;
  EXPECT_EQ(check(v, "nobody", "x", dir.lookup()).error(), errc::auth_failed);
  EXPECT_EQ(v.stats().dummy_verifications, 1u);
}
