#pragma once
// auth::verifier: checks a login name and password against the user
// directory on a bounded pool of worker threads, so that argon2 (hundreds of
// milliseconds and tens of MiB per check) never runs on an I/O thread.
//
// No Asio here (DESIGN.md "Build time"): results come back through a
// callback on a worker thread; the IMAP session posts it to its own
// executor.
//
// Guarantees:
//  - Bounded: at most options.workers checks run at once and at most
//    options.queue wait; beyond that verify() answers errc::busy at once.
//  - An unknown user and a wrong password answer alike, errc::auth_failed,
//    and cost alike: for an unknown user (or a record whose hash we cannot
//    check) the password is verified against a dummy argon2id hash made at
//    the configured cost. A wrong password for an account whose hash is
//    not argon2id at the configured cost (an imported, possibly much
//    cheaper hash) also costs a dummy check, so it is never quicker than an
//    unknown user.
//  - A cache of successful checks spares clients that log in again and
//    again: keyed by HMAC-SHA256 under a per-process random key of
//    (name, NUL, password), holding the stored hash that matched and an
//    expiry. A hit counts only while the directory still returns that same
//    hash, so a password change or deletion by another process (`cairn
//    user passwd`/`del`) invalidates it at once. The password itself is
//    never stored.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "auth/password.hpp"
#include "base/limits.hpp"
#include "base/result.hpp"
#include "store/types.hpp"

namespace cairn::auth {

// The account name for what the user typed (DESIGN.md "Accounts"): ASCII
// letters folded to lower case, every other byte kept as it is. Non-ASCII
// letters are deliberately not folded: Unicode case folding depends on the
// Unicode version and locale ("I" and Turkish dotless i), and a name that
// folded differently after an ICU upgrade would lock its owner out. So
// "Élodie@x" and "élodie@x" are two different names. Whatever creates
// accounts (`cairn user add`) must fold names with this same function.
std::string fold_account_name(std::string_view name);

// Finds a user by folded name. Runs on a verifier worker thread and may
// block; must be thread-safe if the same callable is shared. Answers
// errc::not_found for an unknown user; any other error is passed on to the
// caller as is (a broken directory is not a failed login).
using lookup_fn = std::function<result<store::user_record>(std::string_view name)>;

struct verified_user {
  store::user_record user;
  bool from_cache = false;     // answered by the cache, no hash computed
  bool needs_upgrade = false;  // the stored hash is not argon2id at the configured cost
};

// Called exactly once per verify(): on a worker thread, or on the thread
// that called verify() (queue full or verifier stopped: errc::busy), or on
// the thread that stops the verifier (still queued: errc::busy). Errors:
// auth_failed, busy, or the lookup's own error. Must not call stop() or
// destroy the verifier.
using verify_callback = std::function<void(result<verified_user>)>;

using steady_clock_fn = std::function<std::chrono::steady_clock::time_point()>;

struct verifier_options {
  // auth.workers: checks that run at once. Each argon2 check holds its
  // memory cost (64 MiB by default) while it runs.
  unsigned workers = 2;
  // limits.auth_queue: checks waiting for a worker; then errc::busy.
  std::size_t queue = limits{}.auth_queue;
  // limits.login_cache_seconds: how long a successful check is remembered;
  // 0 disables the cache.
  std::chrono::seconds cache_ttl = limits{}.login_cache_ttl;
  // limits.login_cache_entries: most successful checks remembered (each
  // about 300 bytes); the oldest goes first. 0 disables the cache.
  std::size_t cache_entries = 10000;
  // auth.argon2_time / auth.argon2_memory_kib / auth.argon2_parallelism:
  // the cost of the dummy hash, which should match the cost of new hashes.
  argon2_params params;
  // For tests; empty means std::chrono::steady_clock::now.
  steady_clock_fn clock;
};

struct verifier_stats {
  std::uint64_t verifications = 0;        // hashes checked for known users
  std::uint64_t dummy_verifications = 0;  // hashes checked for unknown users
  std::uint64_t cache_hits = 0;
  std::uint64_t busy = 0;                 // answered busy (queue full or stopping)
};

class verifier {
 public:
  // Starts the workers and computes the dummy hash (one argon2 hash at
  // options.params). Throws std::invalid_argument if the params are
  // invalid (check_params) and std::runtime_error if the random generator
  // fails: both are start-up errors.
  explicit verifier(verifier_options options = {});
  // stop().
  ~verifier();
  verifier(const verifier&) = delete;
  verifier& operator=(const verifier&) = delete;

  // Checks `password` for `username` (folded with fold_account_name before
  // the lookup). Never blocks: it queues the check and returns, or answers
  // errc::busy through `done` before returning. Copies its arguments.
  void verify(std::string_view username, std::string_view password, lookup_fn lookup,
              verify_callback done);

  // Drops cached checks for an account (folded name), for password changes
  // and deletions made in this process.
  void forget(std::string_view name);

  // Lets running checks finish, answers errc::busy to those still queued,
  // joins the workers. Idempotent. Later verify() calls answer busy. Must
  // not be called from a callback.
  void stop();

  verifier_stats stats() const;
  std::size_t cache_size() const;
  // The cost new hashes are made at (for the rehash of an upgraded login).
  const argon2_params& params() const { return options_.params; }

 private:
  struct job {
    std::string username;
    std::string password;
    lookup_fn lookup;
    verify_callback done;
  };
  struct cache_entry {
    std::string name;
    std::string stored_hash;
    std::chrono::steady_clock::time_point expires;
    std::list<std::string>::iterator order;
  };

  void work();
  result<verified_user> check(const job& j);
  void dummy_check(std::string_view password);
  std::string cache_key(std::string_view name, std::string_view password) const;
  bool cache_hit(const std::string& key, const std::string& stored_hash);
  void cache_put(std::string key, const std::string& name, const std::string& stored_hash);
  void cache_erase(std::unordered_map<std::string, cache_entry>::iterator it);
  std::chrono::steady_clock::time_point now() const;

  const verifier_options options_;
  std::string dummy_hash_;
  unsigned char hmac_key_[32];

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;

  mutable std::mutex cache_mutex_;
  std::unordered_map<std::string, cache_entry> cache_;  // key: 32 HMAC bytes
  std::list<std::string> cache_order_;                  // keys, oldest first

  std::atomic<std::uint64_t> verifications_{0};
  std::atomic<std::uint64_t> dummy_verifications_{0};
  std::atomic<std::uint64_t> cache_hits_{0};
  std::atomic<std::uint64_t> busy_{0};
};

}  // namespace cairn::auth
