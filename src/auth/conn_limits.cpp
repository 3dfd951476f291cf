#include "auth/conn_limits.hpp"

#include <mutex>
#include <unordered_map>

#include "auth/address.hpp"

namespace cairn::auth {

struct conn_limits::state {
  std::mutex mutex;
  conn_caps caps;
  // Key of a pair: account NUL address (neither contains NUL: addresses
  // are canonical text, and a NUL in an account name never reaches login).
  std::unordered_map<std::string, unsigned> per_user_ip;
  std::unordered_map<std::string, unsigned> per_ip;

  static std::string pair_key(std::string_view account, std::string_view address) {
    std::string k;
    k.reserve(account.size() + 1 + address.size());
    k += account;
    k += '\0';
    k += address;
    return k;
  }

  void release(const std::string& account, const std::string& address, bool user, bool ip) {
    std::lock_guard lock(mutex);
    auto drop = [](std::unordered_map<std::string, unsigned>& m, const std::string& k) {
      auto it = m.find(k);
      if (it == m.end()) return;
      if (--it->second == 0) m.erase(it);
    };
    if (user) drop(per_user_ip, pair_key(account, address));
    if (ip) drop(per_ip, address);
  }

  // Under the mutex: takes the places asked for, or none.
  bool take(const std::string& account, const std::string& address, bool user, bool ip) {
    std::string pair = user ? pair_key(account, address) : std::string();
    if (user && caps.per_user_ip != 0) {
      auto it = per_user_ip.find(pair);
      if (it != per_user_ip.end() && it->second >= caps.per_user_ip) return false;
    }
    if (ip && caps.per_ip != 0) {
      auto it = per_ip.find(address);
      if (it != per_ip.end() && it->second >= caps.per_ip) return false;
    }
    if (user) ++per_user_ip[pair];
    if (ip) ++per_ip[address];
    return true;
  }
};

conn_limits::ticket::ticket(std::shared_ptr<state> s, std::string account, std::string address, bool counts_user,
                            bool counts_ip)
    : state_(std::move(s)),
      account_(std::move(account)),
      address_(std::move(address)),
      counts_user_(counts_user),
      counts_ip_(counts_ip) {}

conn_limits::ticket::ticket(ticket&& other) noexcept
    : state_(std::move(other.state_)),
      account_(std::move(other.account_)),
      address_(std::move(other.address_)),
      counts_user_(other.counts_user_),
      counts_ip_(other.counts_ip_) {
  other.state_.reset();
}

conn_limits::ticket& conn_limits::ticket::operator=(ticket&& other) noexcept {
  if (this != &other) {
    release();
    state_ = std::move(other.state_);
    other.state_.reset();
    account_ = std::move(other.account_);
    address_ = std::move(other.address_);
    counts_user_ = other.counts_user_;
    counts_ip_ = other.counts_ip_;
  }
  return *this;
}

conn_limits::ticket::~ticket() { release(); }

void conn_limits::ticket::release() noexcept {
  if (!state_) return;
  // release() allocates a key; if that throws we would rather lose one
  // count than terminate the process.
  try {
    state_->release(account_, address_, counts_user_, counts_ip_);
  } catch (...) {
  }
  state_.reset();
}

conn_limits::conn_limits(conn_caps caps) : state_(std::make_shared<state>()) {
  state_->caps = caps;
}

namespace {
result<conn_limits::ticket> refused() { return errc::limit; }
}  // namespace

result<conn_limits::ticket> conn_limits::try_acquire(std::string_view account,
                                                     std::string_view addr) {
  std::string address = canonical_address(addr);
  std::lock_guard lock(state_->mutex);
  if (!state_->take(std::string(account), address, true, true)) return refused();
  return ticket(state_, std::string(account), std::move(address), true, true);
}

result<conn_limits::ticket> conn_limits::try_acquire_address(std::string_view addr) {
  std::string address = canonical_address(addr);
  std::lock_guard lock(state_->mutex);
  if (!state_->take(std::string(), address, false, true)) return refused();
  return ticket(state_, std::string(), std::move(address), false, true);
}

result<conn_limits::ticket> conn_limits::try_acquire_account(std::string_view account, std::string_view addr) {
  std::string address = canonical_address(addr);
  std::lock_guard lock(state_->mutex);
  if (!state_->take(std::string(account), address, true, false)) return refused();
  return ticket(state_, std::string(account), std::move(address), true, false);
}

void conn_limits::set_caps(conn_caps caps) {
  std::lock_guard lock(state_->mutex);
  state_->caps = caps;
}

unsigned conn_limits::count(std::string_view account, std::string_view addr) const {
  std::string pair = state::pair_key(account, canonical_address(addr));
  std::lock_guard lock(state_->mutex);
  auto it = state_->per_user_ip.find(pair);
  return it == state_->per_user_ip.end() ? 0 : it->second;
}

unsigned conn_limits::count(std::string_view addr) const {
  std::string address = canonical_address(addr);
  std::lock_guard lock(state_->mutex);
  auto it = state_->per_ip.find(address);
  return it == state_->per_ip.end() ? 0 : it->second;
}

}  // namespace cairn::auth
