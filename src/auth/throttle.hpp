#pragma once
// auth::throttle: failed logins from an address delay that address's next
// attempts (DESIGN.md "Bounded everything").
//
// Per address, never per account: a per-account penalty would let anyone
// lock a victim out by failing logins in their name. An address here is an
// address group (auth/address.hpp): an IPv4 address, or an IPv6 /64 by
// default, because one IPv6 host usually owns a whole /64.
//
// The delay after n consecutive failures is initial * 2^(n-1), capped at
// max: 250 ms, 500 ms, 1 s, ... 15 s with the defaults. A successful login
// from the address takes back the failures of that same account name (the
// user who mistyped and then got it right pays nothing more), but not the
// failures for other names: otherwise a guesser with an account of their
// own could wipe the penalty by logging in to it between guesses (found by
// tests/abuse, issue 11; Dovecot clears on any success). A quiet period
// without failures clears everything. The delay applies to each attempt while it
// lasts, however long ago the last failure was: attempts that wait for it
// in parallel still each wait the full delay.
//
// Bounded: at most options.max_addresses addresses are remembered; when
// full, the one whose last failure is oldest is forgotten (which only ever
// shortens a penalty). Thread-safe; every call is O(1) on average.
#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/limits.hpp"

namespace cairn::auth {

struct throttle_options {
  // limits.login_delay_initial_ms: delay after the first failure.
  std::chrono::milliseconds initial = limits{}.login_delay_initial;
  // limits.login_delay_max_ms: the delay never grows past this.
  std::chrono::milliseconds max = limits{}.login_delay_max;
  // limits.login_delay_forget_seconds: an address with no failure for this
  // long starts again from no delay. Ten minutes: long next to the cap, so
  // pausing does not pay for a guesser (it regains 7 fast guesses for
  // 10 minutes of silence, where the cap allows 40 in that time anyway),
  // short enough that a user who gave up and comes back later is not met
  // by an old penalty.
  std::chrono::seconds forget_after{600};
  // limits.login_throttle_addresses: addresses remembered at most (each
  // about 150 bytes).
  std::size_t max_addresses = 100000;
  // limits.login_throttle_ipv6_prefix: IPv6 addresses are grouped by this
  // many leading bits; 128 throttles single IPv6 addresses.
  unsigned ipv6_prefix = 64;
};

class throttle {
 public:
  using clock_fn = std::function<std::chrono::steady_clock::time_point()>;

  // `clock` is for tests; empty means std::chrono::steady_clock::now.
  explicit throttle(throttle_options options = {}, clock_fn clock = {});

  // How long the next login attempt from `addr` must wait before it is
  // checked: zero for an address without recent failures.
  std::chrono::milliseconds delay_for(std::string_view addr) const;

  // A login from `addr` failed for `account` (the folded name that was
  // tried; empty when unknown). Returns the delay its next attempt will
  // get (for the log line).
  std::chrono::milliseconds record_failure(std::string_view addr, std::string_view account = {});

  // A login from `addr` as `account` succeeded: forget that name's
  // failures from there (all of the address's failures when `account` is
  // empty).
  void record_success(std::string_view addr, std::string_view account = {});

  // Addresses currently remembered (expired ones may still count until the
  // next change evicts them).
  std::size_t size() const;

 private:
  // Failures per name tried, for the first few names (a hash, not the
  // name: the entry stays small); failures of further names stay until
  // the address is forgotten.
  static constexpr std::size_t tracked_names = 4;
  struct name_failures {
    std::size_t name_hash = 0;
    unsigned failures = 0;
  };
  struct entry {
    unsigned failures = 0;
    std::chrono::steady_clock::time_point last_failure;
    std::list<std::string>::iterator order;
    std::array<name_failures, tracked_names> names{};
  };
  using map = std::unordered_map<std::string, entry>;

  std::chrono::steady_clock::time_point now() const;
  std::chrono::milliseconds delay_of(unsigned failures) const;
  bool expired(const entry& e, std::chrono::steady_clock::time_point t) const;
  void erase(map::iterator it);

  const throttle_options options_;
  const clock_fn clock_;
  mutable std::mutex mutex_;
  map entries_;
  std::list<std::string> order_;  // keys, least recent failure first
};

}  // namespace cairn::auth
