#include "auth/throttle.hpp"

#include "auth/address.hpp"

#include <algorithm>
#include <functional>

namespace cairn::auth {

throttle::throttle(throttle_options options, clock_fn clock)
    : options_(options), clock_(std::move(clock)) {}

std::chrono::steady_clock::time_point throttle::now() const {
  return clock_ ? clock_() : std::chrono::steady_clock::now();
}

std::chrono::milliseconds throttle::delay_of(unsigned failures) const {
  if (failures == 0) return std::chrono::milliseconds{0};
  auto d = options_.initial;
  // Doubling stops at the cap, so this loop runs a few dozen times at most
  // and never overflows.
  for (unsigned i = 1; i < failures && d < options_.max; ++i) d *= 2;
  return d < options_.max ? d : options_.max;
}

bool throttle::expired(const entry& e, std::chrono::steady_clock::time_point t) const {
  return t - e.last_failure >= options_.forget_after;
}

void throttle::erase(map::iterator it) {
  order_.erase(it->second.order);
  entries_.erase(it);
}

std::chrono::milliseconds throttle::delay_for(std::string_view addr) const {
  std::string key = address_group(addr, options_.ipv6_prefix);
  auto t = now();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || expired(it->second, t)) return std::chrono::milliseconds{0};
  return delay_of(it->second.failures);
}

std::chrono::milliseconds throttle::record_failure(std::string_view addr, std::string_view account) {
  std::string key = address_group(addr, options_.ipv6_prefix);
  auto t = now();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end() && expired(it->second, t)) {
    erase(it);
    it = entries_.end();
  }
  if (it == entries_.end()) {
    // Make room: the front is the address whose last failure is oldest,
    // expired or not.
    while (!order_.empty() &&
           (entries_.size() >= options_.max_addresses || expired(entries_.at(order_.front()), t)))
      erase(entries_.find(order_.front()));
    if (options_.max_addresses == 0) return delay_of(1);
    order_.push_back(key);
    it = entries_.emplace(std::move(key), entry{0, t, std::prev(order_.end())}).first;
  } else {
    order_.splice(order_.end(), order_, it->second.order);
  }
  entry& e = it->second;
  // Saturate long before overflow; the delay capped out far earlier.
  if (e.failures < 64) {
    ++e.failures;
    // Counted against the name when it has (or can get) a slot.
    const std::size_t h = std::hash<std::string_view>{}(account);
    for (auto& n : e.names) {
      if (n.failures != 0 && n.name_hash != h) continue;
      n.name_hash = h;
      ++n.failures;
      break;
    }
  }
  e.last_failure = t;
  return delay_of(e.failures);
}

void throttle::record_success(std::string_view addr, std::string_view account) {
  std::string key = address_group(addr, options_.ipv6_prefix);
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  if (account.empty()) return erase(it);
  entry& e = it->second;
  const std::size_t h = std::hash<std::string_view>{}(account);
  for (auto& n : e.names) {
    if (n.failures == 0 || n.name_hash != h) continue;
    e.failures -= std::min(e.failures, n.failures);
    n = {};
  }
  if (e.failures == 0) erase(it);
}

std::size_t throttle::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace cairn::auth
